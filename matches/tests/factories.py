from datetime import timedelta

import factory
from django.utils import timezone

from matches.models import Match, MatchStatus
from profiles.tests.factories import ProfileFactory


class MatchFactory(factory.django.DjangoModelFactory[Match]):
    class Meta:
        model = Match

    mentor = factory.LazyFunction(lambda: ProfileFactory(mentor=True).user)
    mentee = factory.LazyFunction(lambda: ProfileFactory().user)
    status = MatchStatus.ACTIVE
    # Begun two months ago: old enough for this month's check-in, which is about last month.
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=60))
