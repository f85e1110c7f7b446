"""Closed months' figures kept as rollups: the same figures as counting every check-in, never stale."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from checkins import dates, selectors
from checkins.models import CheckIn, CheckInStatus, MonthFigures
from checkins.services import checkin_submit, checkins_open_month, month_figures_refresh
from checkins.tests.factories import CheckInFactory
from matches.tests.factories import MatchFactory

pytestmark = pytest.mark.django_db

THIS_MONTH = dates.month_start(timezone.localdate())


def months_back(n):
    month = THIS_MONTH
    for _ in range(n):
        month = dates.previous_month(month)
    return month


@pytest.fixture
def program():
    """Four matches; five closed months of answers and misses, and this month open."""
    matches = [MatchFactory(started_at=timezone.now() - timedelta(days=400)) for _ in range(4)]
    for back in range(5, 0, -1):
        for i, match in enumerate(matches):
            answered = (i + back) % 3 != 0
            CheckInFactory(
                match=match,
                month=months_back(back),
                status=CheckInStatus.ANSWERED if answered else CheckInStatus.MISSED,
                hours_video=Decimal(back) / 2 if answered else 0,
                hours_phone=Decimal("0.25") * i if answered else 0,
            )
            CheckInFactory(match=match, role="mentee", month=months_back(back), status=CheckInStatus.ANSWERED)
    for match in matches:
        CheckInFactory(match=match, month=THIS_MONTH)
    return matches


def figures():
    months = [months_back(n) for n in range(7, -1, -1)]
    return selectors.hours_by_month(months), selectors.response_rate_by_month(months)


def test_rolled_up_figures_equal_counting_every_check_in_and_open_months_are_not_rolled_up(program):
    counted = figures()

    written = month_figures_refresh()

    # This month is open, and last month's hours are still being reported in it.
    assert sorted(MonthFigures.objects.values_list("month", flat=True)) == [months_back(n) for n in (5, 4, 3, 2)]
    assert written == 4
    assert month_figures_refresh() == 0
    assert figures() == counted
    # Hours for that month were reported in the next: 1.5 h by video from each of the 2 mentors who answered.
    assert selectors.hours_by_month([months_back(4)])[0][1][2] == Decimal("3.00")


def test_an_answer_changed_in_a_rolled_up_month_is_counted_at_once(program):
    month_figures_refresh()
    checkin = CheckIn.objects.filter(month=months_back(3), role="mentor", status=CheckInStatus.ANSWERED).first()
    assert checkin is not None
    CheckIn.objects.filter(pk=checkin.pk).update(due_at=timezone.now() + timedelta(days=1))  # still editable
    before = dict(selectors.hours_by_month([months_back(4)]))[months_back(4)]

    checkin_submit(checkin=checkin, answer={"hours_video": Decimal("10"), "update": "More."})

    after = dict(selectors.hours_by_month([months_back(4)]))[months_back(4)]
    assert after[2] == before[2] - checkin.hours_video + Decimal("10")
    # Both months the answer is about are rolled up again, with the new figures.
    rolled = MonthFigures.objects.get(month=months_back(4))
    assert rolled.hours_video == after[2]
    assert MonthFigures.objects.filter(month=months_back(3)).exists()


def test_the_last_closed_months_are_the_same_read_from_rollups_or_from_every_check_in(program):
    counted = selectors.last_closed_months(2)
    month_figures_refresh()
    assert selectors.last_closed_months(2) == counted == [months_back(1), months_back(2)]
    assert selectors.last_closed_months(3) == [months_back(1), months_back(2), months_back(3)]


def test_opening_a_month_rolls_up_the_one_that_closed(program):
    month_figures_refresh()
    counted = figures()

    checkins_open_month(month=dates.next_month(THIS_MONTH))

    assert MonthFigures.objects.filter(month=months_back(1)).exists()  # its hours were reported this month
    assert not MonthFigures.objects.filter(month=THIS_MONTH).exists()  # hours for it come next month
    hours, rates = figures()
    assert hours == counted[0]
    # This month's unanswered check-ins became missed: its rate now counts them.
    assert dict(rates)[THIS_MONTH] == 0
    assert dict(rates)[months_back(1)] == dict(counted[1])[months_back(1)]


def test_the_dashboard_makes_as_many_queries_with_rollups_as_without(client, coordinator, program):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client.force_login(coordinator)
    client.get(reverse("dashboard:dashboard"))  # warm caches (sessions, content types)
    # Without beat no snapshot is kept: each view computes the figures, from every check-in...
    with CaptureQueriesContext(connection) as without:
        counted = client.get(reverse("dashboard:dashboard")).content.decode()
    month_figures_refresh()  # ...then from the rollups
    with CaptureQueriesContext(connection) as rolled:
        read = client.get(reverse("dashboard:dashboard")).content.decode()

    assert len(rolled.captured_queries) == len(without.captured_queries)

    # The figures on the page are the same, read from rollups or added up.
    def figures(body):
        return body.split('<div class="row g-4 mb-4">', 1)[1].split('data-figure="as-of"', 1)[0]

    assert figures(read) == figures(counted)
