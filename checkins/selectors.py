"""Reading check-ins for the coordinator: the month at a glance and the early warnings (C7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from matches.models import Match

from . import dates
from .models import HOURS_FIELDS, CheckIn, CheckInStatus, NotebookEntry, Role

NO_CONTACT_DAYS = 45


@dataclass
class AtRisk:
    match: Match
    reasons: list[str] = field(default_factory=list)


def at_risk(today: date | None = None) -> list[AtRisk]:
    """Active matches needing the coordinator: two missed check-ins in a row, or 45 days without contact."""
    today = today or timezone.localdate()
    any_hours = Q()
    for name in HOURS_FIELDS.values():
        any_hours |= Q(**{f"{name}__gt": 0})
    # Subqueries, not joins: a join of notebook and check-ins would multiply their rows.
    matches = (
        Match.objects.active()
        .select_related("mentor", "mentee")
        .annotate(
            last_note=Subquery(
                NotebookEntry.objects.filter(match=OuterRef("pk")).order_by("-date").values("date")[:1]
            ),
            last_hours_month=Subquery(
                CheckIn.objects.filter(any_hours, match=OuterRef("pk"), role=Role.MENTOR)
                .order_by("-hours_month")
                .values("hours_month")[:1]
            ),
        )
        .order_by("started_at", "pk")
    )
    flagged: dict[int, AtRisk] = {}

    months = list(CheckIn.objects.order_by("-month").values_list("month", flat=True).distinct()[:2])
    if len(months) == 2:
        missed = {}
        for match_id, person_id, month in CheckIn.objects.filter(
            month__in=months, status=CheckInStatus.MISSED, match__status="active"
        ).values_list("match_id", "person_id", "month"):
            missed.setdefault((match_id, person_id), set()).add(month)
        twice = {key for key, seen in missed.items() if len(seen) == 2}
    else:
        twice = set()

    for match in matches:
        reasons = []
        for person in (match.mentor, match.mentee):
            if (match.pk, person.pk) in twice:
                reasons.append(f"{person.name} missed the last two check-ins")
        contact_days = [match.started_at.date() if match.started_at else match.created_at.date()]
        if match.last_note:
            contact_days.append(match.last_note)
        if match.last_hours_month:
            contact_days.append(dates.month_end(match.last_hours_month))
        quiet = (today - max(contact_days)).days
        if quiet > NO_CONTACT_DAYS:
            reasons.append(f"No contact logged and no hours reported for {quiet} days")
        if reasons:
            flagged[match.pk] = AtRisk(match=match, reasons=reasons)
    return list(flagged.values())


@dataclass
class MonthOverview:
    month: date
    checkins: list[CheckIn]
    answered: int
    late: int
    missed: int
    waiting: int

    @property
    def response_rate(self) -> int | None:
        total = len(self.checkins)
        return round(100 * self.answered / total) if total else None


def month_overview(month: date) -> MonthOverview:
    checkins = list(
        CheckIn.objects.for_month(month)
        .select_related("person", "match__mentor", "match__mentee")
        .order_by("status", "match__mentee__name", "role")
    )
    return MonthOverview(
        month=month,
        checkins=checkins,
        answered=sum(c.status == CheckInStatus.ANSWERED for c in checkins),
        late=sum(c.late for c in checkins),
        missed=sum(c.status == CheckInStatus.MISSED for c in checkins),
        waiting=sum(c.status == CheckInStatus.OPEN for c in checkins),
    )


def latest_month() -> date | None:
    return CheckIn.objects.aggregate(latest=Max("month"))["latest"]
