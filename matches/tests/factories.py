import factory

from matches.models import Match, MatchStatus
from profiles.tests.factories import ProfileFactory


class MatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Match

    mentor = factory.LazyFunction(lambda: ProfileFactory(mentor=True).user)
    mentee = factory.LazyFunction(lambda: ProfileFactory().user)
    status = MatchStatus.ACTIVE
    started_at = factory.Faker("date_time_this_year", tzinfo=__import__("datetime").timezone.utc)
