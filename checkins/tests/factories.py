from datetime import timedelta

import factory
from django.utils import timezone

from checkins import dates
from checkins.models import CheckIn, CheckInStatus, NotebookEntry
from matches.tests.factories import MatchFactory


class CheckInFactory(factory.django.DjangoModelFactory[CheckIn]):
    """A mentor's check-in of this month by default; ``person=match.mentee, role="mentee"`` for the mentee's."""

    class Meta:
        model = CheckIn

    match = factory.SubFactory(MatchFactory)
    person = factory.LazyAttribute(lambda o: o.match.mentor if o.role == "mentor" else o.match.mentee)
    role = "mentor"
    month = factory.LazyFunction(lambda: dates.month_start(timezone.localdate()))
    hours_month = factory.LazyAttribute(lambda o: dates.previous_month(o.month))
    status = CheckInStatus.OPEN
    opened_at = factory.LazyFunction(timezone.now)
    due_at = factory.LazyAttribute(lambda o: o.opened_at + timedelta(days=7))
    answered_at = factory.LazyAttribute(lambda o: o.opened_at if o.status == CheckInStatus.ANSWERED else None)

    class Params:
        answered = factory.Trait(status=CheckInStatus.ANSWERED, update="Going well.")
        missed = factory.Trait(status=CheckInStatus.MISSED)


class NotebookEntryFactory(factory.django.DjangoModelFactory[NotebookEntry]):
    class Meta:
        model = NotebookEntry

    match = factory.SubFactory(MatchFactory)
    author = factory.LazyAttribute(lambda o: o.match.mentee)
    date = factory.LazyFunction(timezone.localdate)
    form = "video"
    minutes = 60
    topics = "Career goals"
    notes = "Notes only the partners read."
