"""The program at a glance (D1), its charts' data (D2), and the hours a mentor reported (E4).

Every function makes a fixed number of queries whatever the program's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from agreements.models import Signature
from checkins import dates
from checkins.models import HOURS_FIELDS, CheckIn, CheckInStatus, ContactForm, PartnershipStatus
from checkins.selectors import at_risk, at_risk_found
from matches.models import Match, MatchStatus
from matches.selectors import waiting_mentees
from profiles.models import Profile, Role

RECENT_DAYS = 30
AT_RISK_SHOWN = 6
FORM_LABELS = [(field, ContactForm(form).label) for form, field in HOURS_FIELDS.items()]


def concerns_q() -> Q:
    """A check-in answer the coordinator should look at."""
    return ~Q(concern="") | Q(partnership_status__in=[PartnershipStatus.SOME_CONCERNS, PartnershipStatus.WANTS_TO_END]) | Q(
        continues=False
    )


def mentors_with_places():
    """Approved mentors whose active and proposed matches leave a free place."""
    return (
        Profile.objects.approved()
        .mentors()
        .annotate(taken=Count("user__mentor_matches", filter=Q(user__mentor_matches__status__in=["active", "proposed"])))
        .filter(taken__lt=F("capacity"))
    )


def unsigned_matches():
    """Active matches whose two agreements are not both signed by both partners."""
    fully_signed = (
        Signature.objects.filter(agreement__match=OuterRef("pk"))
        .values("agreement__match")
        .annotate(n=Count("pk"))
        .filter(n__gte=4)
    )
    return Match.objects.active().annotate(signed=Exists(fully_signed)).filter(signed=False)


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
    concerns: int
    unsigned: int
    recent_closures: list[Match]

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.checkins_answered / self.checkins_total) if self.checkins_total else None

    @property
    def hours_total(self) -> Decimal:
        return sum((h for _, h in self.hours), Decimal("0"))

    @property
    def hours_month(self) -> date:
        return dates.previous_month(self.month)


def glance(today: date | None = None) -> Glance:
    today = today or timezone.localdate()
    month = CheckIn.objects.filter(month__lte=dates.month_start(today)).order_by("-month").values_list("month", flat=True).first()
    month = month or dates.month_start(today)
    this_month = CheckIn.objects.filter(month=month)
    counts = this_month.aggregate(
        total=Count("status"),
        answered=Count("status", filter=Q(status=CheckInStatus.ANSWERED)),
        concerns=Count("status", filter=Q(status=CheckInStatus.ANSWERED) & concerns_q()),
        **{field: Sum(field, filter=Q(role=Role.MENTOR, status=CheckInStatus.ANSWERED)) for field, _ in FORM_LABELS},
    )
    found = at_risk_found(today)
    return Glance(
        month=month,
        active_matches=Match.objects.active().count(),
        waiting_mentees=waiting_mentees().count(),
        mentors_with_places=mentors_with_places().count(),
        checkins_total=counts["total"],
        checkins_answered=counts["answered"],
        hours=[(label, counts[field] or Decimal("0")) for field, label in FORM_LABELS],
        at_risk_count=len(found),
        at_risk=at_risk(today, only=list(found)[:AT_RISK_SHOWN], found=found),
        concerns=counts["concerns"],
        unsigned=unsigned_matches().count(),
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


def hours_by_month(months: list[date]) -> list[tuple[date, list[Decimal]]]:
    """Hours reported for each month, by form of contact (the month the hours were spent in)."""
    rows = {
        row["hours_month"]: row
        for row in CheckIn.objects.filter(
            role=Role.MENTOR, status=CheckInStatus.ANSWERED, hours_month__gte=months[0], hours_month__lte=months[-1]
        )
        .values("hours_month")
        .annotate(**{field: Sum(field) for field, _ in FORM_LABELS})
        .order_by()
    }
    return [(m, [rows.get(m, {}).get(field) or Decimal("0") for field, _ in FORM_LABELS]) for m in months]


def response_rate_by_month(months: list[date]) -> list[tuple[date, int | None]]:
    rows = {
        row["month"]: row
        for row in CheckIn.objects.filter(month__gte=months[0], month__lte=months[-1])
        .values("month")
        # Counting a column of the (month, status) index lets PostgreSQL answer from the index alone.
        .annotate(total=Count("status"), answered=Count("status", filter=Q(status=CheckInStatus.ANSWERED)))
        .order_by()
    }
    return [
        (m, round(100 * rows[m]["answered"] / rows[m]["total"]) if m in rows and rows[m]["total"] else None)
        for m in months
    ]


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


def hours_statement(mentor, start: date, end: date) -> Statement:
    """A mentor's reported hours for each month from ``start`` to ``end``, by form, with totals (E4)."""
    rows = {
        row["hours_month"]: row
        for row in CheckIn.objects.filter(
            person=mentor, role=Role.MENTOR, status=CheckInStatus.ANSWERED, hours_month__gte=start, hours_month__lte=end
        )
        .values("hours_month")
        .annotate(**{field: Sum(field) for field, _ in FORM_LABELS})
        .order_by()
    }
    months, month = [], start
    while month <= end:
        months.append(month)
        month = dates.next_month(month)
    table = []
    for m in months:
        values = [rows.get(m, {}).get(field) or Decimal("0") for field, _ in FORM_LABELS]
        table.append((m, values, sum(values, Decimal("0"))))
    totals = [sum((values[i] for _, values, _ in table), Decimal("0")) for i in range(len(FORM_LABELS))]
    return Statement(mentor=mentor, start=start, end=end, rows=table, totals=totals,
                     total=sum(totals, Decimal("0")), labels=[label for _, label in FORM_LABELS])
