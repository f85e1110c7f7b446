from datetime import timedelta

import factory
from django.utils import timezone

from matches.tests.factories import MatchFactory
from meetings.models import Meeting, MeetingStatus


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned meeting a week from now, proposed by the mentor."""

    class Meta:
        model = Meeting

    match = factory.SubFactory(MatchFactory)
    proposed_by = factory.LazyAttribute(lambda o: o.match.mentor)
    status = MeetingStatus.ACCEPTED
    starts_at = factory.LazyFunction(lambda: (timezone.now() + timedelta(days=7)).replace(second=0, microsecond=0))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    form = "video"
    link = "https://meet.example.org/abc"
    agenda = "Her certification plan"
