"""Reading check-ins for the coordinator: the month at a glance and the early warnings (C7)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from matches.models import Match
from profiles.models import Role

from . import dates
from .models import HOURS_FIELDS, CheckIn, CheckInStatus, NotebookEntry

NO_CONTACT_DAYS = 45


@dataclass
class AtRisk:
    match: Match
    reasons: list[str] = field(default_factory=list)


def at_risk_found(today: date | None = None) -> dict[int, tuple[int, int, list[int], int | None]]:
    """Active matches needing the coordinator, cheaply: {match id: (mentor id, mentee id,
    ids of who missed the last two check-ins, days without contact or None)}. Three queries."""
    today = today or timezone.localdate()
    months = list(CheckIn.objects.order_by("-month").values_list("month", flat=True).distinct()[:2])
    twice = set()
    if len(months) == 2:
        missed = {}
        for match_id, person_id, month in CheckIn.objects.filter(
            month__in=months, status=CheckInStatus.MISSED, match__status="active"
        ).values_list("match_id", "person_id", "month"):
            missed.setdefault((match_id, person_id), set()).add(month)
        twice = {key for key, seen in missed.items() if len(seen) == 2}

    any_hours = Q()
    for name in HOURS_FIELDS.values():
        any_hours |= Q(**{f"{name}__gt": 0})
    # Subqueries, not joins: a join of notebook and check-ins would multiply their rows. The
    # database keeps only quiet matches and those with missed check-ins, so few rows come back.
    cutoff = today - timedelta(days=NO_CONTACT_DAYS)
    quiet = (
        (Q(last_note__isnull=True) | Q(last_note__lt=cutoff))
        # Hours for a month count as contact up to its last day.
        & (Q(last_hours_month__isnull=True) | Q(last_hours_month__lt=dates.month_start(cutoff)))
        & Q(started_at__lt=timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min)))
    )
    rows = (
        Match.objects.active()
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
        .filter(quiet | Q(pk__in={match_id for match_id, _ in twice}))
        .order_by("started_at", "pk")
        .values_list("pk", "mentor_id", "mentee_id", "started_at", "created_at", "last_note", "last_hours_month")
    )

    found = {}
    for pk, mentor_id, mentee_id, started_at, created_at, last_note, last_hours_month in rows:
        missing = [person for person in (mentor_id, mentee_id) if (pk, person) in twice]
        contact_days = [timezone.localdate(started_at or created_at)]
        if last_note:
            contact_days.append(last_note)
        if last_hours_month:
            contact_days.append(dates.month_end(last_hours_month))
        days = (today - max(contact_days)).days
        if missing or days > NO_CONTACT_DAYS:
            found[pk] = (mentor_id, mentee_id, missing, days if days > NO_CONTACT_DAYS else None)
    return found


def at_risk(today: date | None = None, *, only: list[int] | None = None, found: dict | None = None) -> list[AtRisk]:
    """Active matches needing the coordinator (C7): two missed check-ins in a row, or 45 days without
    contact, each with why. ``only`` limits the matches described (the list still comes from ``found``)."""
    found = at_risk_found(today) if found is None else found
    wanted = [pk for pk in found if only is None or pk in only]
    related = {m.pk: m for m in Match.objects.filter(pk__in=wanted).select_related("mentor", "mentee")}
    flagged = []
    for pk in wanted:
        _, _, missing, quiet = found[pk]
        match = related[pk]
        reasons = [f"{person.name} missed the last two check-ins"
                   for person in (match.mentor, match.mentee) if person.pk in missing]
        if quiet is not None:
            reasons.append(f"No contact logged and no hours reported for {quiet} days")
        flagged.append(AtRisk(match=match, reasons=reasons))
    return flagged


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
