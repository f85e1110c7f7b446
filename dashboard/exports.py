"""Downloads: the CSV exports (D4), their rows streamed one by one by core.csv so a big program never sits in
memory; and a mentor's statement of hours as a PDF (E4), for the page and for his data download alike."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from checkins.dates import next_month
from checkins.models import HOURS_FIELDS, CheckIn, CheckInStatus, PartnershipStatus
from checkins.selectors import checkins_csv, hours_by_mentor_and_month, hours_by_mentor_and_month_csv
from documents.pdf import html_to_pdf
from matches.models import CloseReason, Match, MatchStatus
from meetings.selectors import meeting_count_annotation
from plans.selectors import progress_annotations
from profiles.models import Role
from profiles.selectors import program_shown


def hours_rows(start=None, end=None) -> tuple[list[str], Iterator[list]]:
    """One row per mentor and month: hours by form of contact and the total."""
    header = ["Mentor", "E-mail", "Month"] + [hours.label for hours in HOURS_FIELDS] + ["Total"]

    def generate():
        shown: dict = {}  # each month written once, not once a row
        for name, email, month, hours in hours_by_mentor_and_month(start, end):
            if month not in shown:
                shown[month] = f"{month:%Y-%m}"
            yield [name, email, shown[month], *hours, sum(hours)]

    return header, generate()


def hours_csv(start=None, end=None) -> tuple[list[str], Iterator[bytes]] | None:
    """``hours_rows`` written as CSV by the database (PostgreSQL), its header aside; None elsewhere."""
    written = hours_by_mentor_and_month_csv(start, end)
    if written is None:
        return None
    return hours_rows(start, end)[0], written


def checkin_csv(start=None, end=None) -> tuple[list[str], Iterator[bytes]] | None:
    """``checkin_rows`` written as CSV by the database (PostgreSQL), its header aside; None elsewhere."""
    written = checkins_csv(start, end)
    if written is None:
        return None
    return checkin_rows(start, end)[0], written


def checkin_rows(start=None, end=None) -> tuple[list[str], Iterator[list]]:
    """One row per check-in, of the months opened from ``start`` to ``end`` (first days, both kept)."""
    header = [
        "Month",
        "Person",
        "E-mail",
        "Role",
        "Mentor",
        "Mentee",
        "Status",
        "Answered at",
        "Late",
        "Partnership status",
        *[hours.label for hours in HOURS_FIELDS],
        "Total hours",
        "Carries on",
        "Update",
        "Concern",
    ]
    queryset = CheckIn.objects.order_by("-month", "pk")
    if start:
        queryset = queryset.filter(month__gte=start)
    if end:
        queryset = queryset.filter(month__lte=end)
    # The cells' columns as tuples, not four models a row.
    cells = queryset.values_list(
        "month",
        "person__name",
        "person__email",
        "role",
        "match__mentor__name",
        "match__mentee__name",
        "status",
        "answered_at",
        "late",
        "partnership_status",
        "continues",
        "update",
        "concern",
        *[h.field for h in HOURS_FIELDS],
    )
    roles, statuses = dict(Role.choices), dict(CheckInStatus.choices)
    partnership = dict(PartnershipStatus.choices)
    no_hours = [""] * len(HOURS_FIELDS)

    def generate():
        for row in cells.iterator(chunk_size=2000):
            month, name, email, role, mentor, mentee, status, answered, late, said, continues, update, concern = row[
                :13
            ]
            mentors = role == Role.MENTOR
            hours = list(row[13:]) if mentors else no_hours
            yield [
                f"{month:%Y-%m}",
                name,
                email,
                roles.get(role, role),
                mentor,
                mentee,
                statuses.get(status, status),
                answered.isoformat() if answered else "",
                "yes" if late else "",
                partnership.get(said, said) if said else "",
                *hours,
                sum(hours, Decimal("0")) if mentors else "",
                "" if continues is None else ("yes" if continues else "no"),
                update,
                concern,
            ]

    return header, generate()


# The mentee's action plan as it stands today, in figures (never its text); filled for active matches only,
# since a plan moves on with its mentee to the next match.
PLAN_COLUMNS = [
    ("Plan version", "plan_version"),
    ("Plan goals", "plan_goals"),
    ("Plan actions done", "plan_actions_done"),
    ("Plan actions", "plan_actions"),
    ("Plan actions overdue", "plan_actions_overdue"),
    ("Plan checkpoints held", "plan_checkpoints_held"),
    ("Plan checkpoints", "plan_checkpoints"),
    ("Plan checkpoints overdue", "plan_checkpoints_overdue"),
    ("Next plan checkpoint", "plan_next_checkpoint"),
]


def match_rows(start=None, end=None) -> tuple[list[str], Iterator[list]]:
    """One row per match; with a period (months by their first days, both kept), the matches going in it:
    started before it ended and not closed before it began (proposals made in it included)."""
    header = [
        "Mentor",
        "Mentor e-mail",
        "Mentee",
        "Mentee e-mail",
        "Status",
        "Closed because",
        "Score",
        "Proposed",
        "Started",
        "Closed",
        "Meetings held",
        *[title for title, _ in PLAN_COLUMNS],
    ]
    queryset = Match.objects.annotate(
        **progress_annotations("mentee"), meetings_held=meeting_count_annotation()
    ).order_by("created_at", "pk")
    if end:
        after = next_month(end)
        queryset = queryset.filter(
            Q(started_at__date__lt=after) | Q(started_at__isnull=True, created_at__date__lt=after)
        )
    if start:
        queryset = queryset.filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=start))
    # The cells' columns as tuples, not three models a row (nor each match's reasons, a JSON).
    cells = queryset.values_list(
        "mentor__name",
        "mentor__email",
        "mentee__name",
        "mentee__email",
        "status",
        "close_reason",
        "score",
        "created_at",
        "started_at",
        "closed_at",
        "meetings_held",
        *[name for _, name in PLAN_COLUMNS],
    )
    statuses, reasons = dict(MatchStatus.choices), dict(CloseReason.choices)
    no_plan = [""] * len(PLAN_COLUMNS)

    def generate():
        for row in cells.iterator(chunk_size=2000):
            mentor, mentor_email, mentee, mentee_email, status, reason, score, created, started, closed = row[:10]
            plan = row[11:]
            if status != MatchStatus.ACTIVE or not plan[0]:
                plan = no_plan
            else:
                plan = [*plan[:-1], plan[-1].isoformat() if plan[-1] else ""]
            yield [
                mentor,
                mentor_email,
                mentee,
                mentee_email,
                statuses.get(status, status),
                reasons.get(reason, reason) if reason else "",
                "" if score is None else score,
                f"{created:%Y-%m-%d}",
                f"{started:%Y-%m-%d}" if started else "",
                f"{closed:%Y-%m-%d}" if closed else "",
                row[10],
                *plan,
            ]

    return header, generate()


def statement_pdf(statement) -> bytes:
    """A mentor's statement of hours (``selectors.hours_statement``) drawn as a PDF, issued today."""
    html = render_to_string(
        "dashboard/statement_pdf.html",
        {"statement": statement, "program": program_shown(), "issued": timezone.localdate()},
    )
    return html_to_pdf(html)
