"""The program at a glance (D1), its charts' data (D2), and a mentor's hours statement (E4).

The glance and the charts are computed for the dashboard's snapshot (``figures.py``); the alerts
read live at each view (urgent concerns, failed e-mails) are not part of the glance.

Every function makes a fixed number of queries whatever the program's size. What a
figure means (hours reported, response rate, at risk) is decided in the app that owns
it: this module only gathers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from agreements.selectors import unsigned_matches
from checkins import dates
from checkins import selectors as checkins
from checkins.models import HOURS_FIELDS, CheckIn
from matches.models import Match, MatchStatus
from matches.selectors import mentors_with_free_places, waiting_mentees
from plans import selectors as plans
from support.selectors import concern_counts

RECENT_DAYS = 30
AT_RISK_SHOWN = 6


@dataclass
class Glance:
    month: date
    active_matches: int
    waiting_mentees: int
    mentors_with_places: int
    checkins_total: int
    checkins_answered: int
    hours: list[tuple[str, Decimal]]
    at_risk_count: int
    at_risk: list  # the first few, with reasons
    concerns: dict  # {"open", "urgent_open", "acknowledged"}
    unsigned: int
    plans_started: int
    actions_overdue: int
    recent_closures: list[Match]

    @property
    def response_rate(self) -> int | None:
        return checkins.response_rate(self.checkins_answered, self.checkins_total)

    @property
    def hours_total(self) -> Decimal:
        return sum((h for _, h in self.hours), Decimal("0"))

    @property
    def hours_month(self) -> date:
        return dates.previous_month(self.month)


def glance(today: date | None = None) -> Glance:
    today = today or timezone.localdate()
    month = (
        CheckIn.objects.filter(month__lte=dates.month_start(today))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    month = month or dates.month_start(today)
    this_month = CheckIn.objects.filter(month=month)
    counts = checkins.response_counts(this_month)
    concerns = concern_counts()
    found = checkins.at_risk_found(today)
    return Glance(
        month=month,
        active_matches=Match.objects.active().count(),
        waiting_mentees=waiting_mentees().count(),
        mentors_with_places=mentors_with_free_places().count(),
        checkins_total=counts["total"],
        checkins_answered=counts["answered"],
        hours=checkins.hours_reported_in(month),
        at_risk_count=len(found),
        at_risk=checkins.at_risk(today, only=list(found)[:AT_RISK_SHOWN], found=found),
        concerns=concerns,
        unsigned=unsigned_matches().count(),
        plans_started=plans.plans_started(),
        actions_overdue=plans.actions_overdue(today),
        recent_closures=list(
            Match.objects.filter(status=MatchStatus.CLOSED, closed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
            .select_related("mentor", "mentee")
            .order_by("-closed_at")[:5]
        ),
    )


def last_months(count: int = 12, today: date | None = None, include_current: bool = False) -> list[date]:
    month = dates.month_start(today or timezone.localdate())
    if include_current:
        month = dates.next_month(month)
    months = []
    for _ in range(count):
        month = dates.previous_month(month)
        months.append(month)
    return list(reversed(months))


def active_matches_by_month(months: list[date]) -> list[tuple[date, int]]:
    """Matches active at the end of each month, in one query."""
    aggregates = {}
    for i, m in enumerate(months):
        end = timezone.make_aware(timezone.datetime.combine(dates.next_month(m), timezone.datetime.min.time()))
        aggregates[f"m{i}"] = Count(
            "pk", filter=Q(started_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        )
    counts = Match.objects.exclude(status=MatchStatus.PROPOSED).aggregate(**aggregates)
    return [(m, counts[f"m{i}"]) for i, m in enumerate(months)]


@dataclass
class Statement:
    mentor: object
    start: date
    end: date
    rows: list[tuple[date, list[Decimal], Decimal]]
    totals: list[Decimal]
    total: Decimal
    labels: list[str]


def first_mentoring_month(mentor) -> date | None:
    """The month of the mentor's first partnership, when there is one."""
    first = (
        Match.objects.filter(mentor=mentor, started_at__isnull=False)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return dates.month_start(timezone.localdate(first)) if first else None


def hours_statement(mentor, start: date, end: date) -> Statement:
    """A mentor's reported hours for each month from ``start`` (not before their first partnership) to
    ``end``, by form, with totals (E4)."""
    first = first_mentoring_month(mentor)
    if first and start < first:
        start = first
    months, month = [], start
    while month <= end:
        months.append(month)
        month = dates.next_month(month)
    table = [(m, values, sum(values, Decimal("0"))) for m, values in checkins.hours_by_month(months, mentor=mentor)]
    totals = [sum((values[i] for _, values, _ in table), Decimal("0")) for i in range(len(HOURS_FIELDS))]
    return Statement(
        mentor=mentor,
        start=start,
        end=end,
        rows=table,
        totals=totals,
        total=sum(totals, Decimal("0")),
        labels=[hours.label for hours in HOURS_FIELDS],
    )
