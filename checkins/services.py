"""Everything in check-ins that writes or e-mails: opening a month, reminders, answers, the notebook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from matches.models import Match
from mentoring.emails import build_email
from profiles.models import ProgramSettings, Role, User

from . import dates, links
from .models import HOURS_FIELDS, CheckIn, CheckInStatus, NotebookEntry

EMAILS_PER_TASK = 50


class CheckInClosed(Exception):
    """The check-in can no longer be answered or changed; the message says why."""


@dataclass
class OpenResult:
    month: date
    created: int
    queued: int
    missed: int


def checkins_open_month(*, month: date, now: datetime | None = None) -> OpenResult:
    """Open ``month``'s check-in for both people of every active match and queue their e-mails (C1).

    Unanswered check-ins of earlier months become missed. Running it again
    creates nothing (one check-in per match, person and month) and sends
    nothing twice (each e-mail is claimed through ``sent_at``).
    """
    from .tasks import send_checkin_emails_task

    month = dates.month_start(month)
    now = now or timezone.now()
    program = ProgramSettings.load()
    with transaction.atomic():
        missed = CheckIn.objects.filter(status=CheckInStatus.OPEN, month__lt=month).update(
            status=CheckInStatus.MISSED
        )
        due = now + timedelta(days=program.response_window_days)
        hours_month = dates.previous_month(month)
        rows = []
        for match_id, mentor_id, mentee_id in Match.objects.active().values_list("pk", "mentor_id", "mentee_id"):
            for person_id, role in ((mentor_id, Role.MENTOR), (mentee_id, Role.MENTEE)):
                rows.append(
                    CheckIn(match_id=match_id, person_id=person_id, role=role, month=month,
                            hours_month=hours_month, opened_at=now, due_at=due)
                )
        before = CheckIn.objects.filter(month=month).count()
        CheckIn.objects.bulk_create(rows, ignore_conflicts=True, batch_size=2000)
        created = CheckIn.objects.filter(month=month).count() - before
        to_send = list(CheckIn.objects.filter(month=month, sent_at__isnull=True).order_by("pk").values_list("pk", flat=True))
        transaction.on_commit(lambda: _queue(send_checkin_emails_task, to_send, "open"))
    return OpenResult(month=month, created=created, queued=len(to_send), missed=missed)


def _queue(task, ids: list[int], kind: str) -> None:
    for start in range(0, len(ids), EMAILS_PER_TASK):
        task.delay(ids[start:start + EMAILS_PER_TASK], kind)


def checkins_open_if_due(*, today: date | None = None) -> OpenResult | None:
    """The daily beat job: open this month's check-ins on (or, if missed, after) the check-in day."""
    today = today or timezone.localdate()
    program = ProgramSettings.load()
    month = dates.month_start(today)
    if today.day < program.checkin_day or CheckIn.objects.filter(month=month).exists():
        return None
    return checkins_open_month(month=month)


def checkins_remind(*, now: datetime | None = None) -> int:
    """Queue one reminder to each person who has not answered after the configured days (C5)."""
    from .tasks import send_checkin_emails_task

    now = now or timezone.now()
    program = ProgramSettings.load()
    ids = list(
        CheckIn.objects.filter(
            status=CheckInStatus.OPEN,
            sent_at__isnull=False,
            reminded_at__isnull=True,
            opened_at__lte=now - timedelta(days=program.reminder_after_days),
            due_at__gt=now,
        ).order_by("pk").values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _queue(send_checkin_emails_task, ids, "reminder"))
    return len(ids)


def checkin_emails_send(*, checkin_ids: list[int], kind: str) -> int:
    """Send the opening (``open``) or reminder (``reminder``) e-mail of each check-in, once.

    Each e-mail is claimed under a row lock and marked sent in the same
    transaction as it is handed to the SMTP server, so a retried task or a
    second worker skips what went out. SMTP trouble propagates (the task retries).
    """
    field = {"open": "sent_at", "reminder": "reminded_at"}[kind]
    program = ProgramSettings.load()
    sent = 0
    with get_connection() as connection:
        for pk in checkin_ids:
            with transaction.atomic():
                checkin = (
                    CheckIn.objects.select_for_update(of=("self",))
                    .select_related("person", "match__mentor", "match__mentee")
                    .filter(pk=pk, **{f"{field}__isnull": True})
                    .first()
                )
                if checkin is None or (kind == "reminder" and checkin.status != CheckInStatus.OPEN):
                    continue
                message = build_email(
                    name=f"checkins/{kind}",
                    to=[checkin.person.email],
                    context={
                        "program": program,
                        "checkin": checkin,
                        "person": checkin.person,
                        "partner": checkin.match.partner_of(checkin.person),
                        "link": links.answer_url(checkin),
                    },
                )
                connection.send_messages([message])
                setattr(checkin, field, timezone.now())
                checkin.save(update_fields=[field])
                sent += 1
    return sent


def notebook_hours(*, match: Match, month: date) -> dict[str, Decimal]:
    """Hours logged in the match's notebook in ``month``, by form of contact, in quarter hours."""
    totals = dict(
        NotebookEntry.objects.filter(match=match, date__gte=month, date__lte=dates.month_end(month))
        .values_list("form")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    return {
        field: (Decimal(totals.get(form, 0)) / 60 * 4).quantize(Decimal("1")) / 4
        for form, field in HOURS_FIELDS.items()
    }


def checkin_is_editable(checkin: CheckIn, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    if checkin.status == CheckInStatus.MISSED:
        return False
    return checkin.status == CheckInStatus.OPEN or now <= checkin.due_at


@transaction.atomic
def checkin_submit(*, checkin: CheckIn, form, now: datetime | None = None) -> CheckIn:
    """Save an answer from a bound, valid answer form (C2, C3); late when after the window (C5)."""
    now = now or timezone.now()
    locked = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if locked.status == CheckInStatus.MISSED:
        raise CheckInClosed("This check-in closed when the next month's opened.")
    if not checkin_is_editable(locked, now):
        raise CheckInClosed(f"The window closed on {timezone.localtime(locked.due_at):%d %B}; your answer can no longer change.")
    for name, value in form.cleaned_data.items():
        setattr(locked, name, value)
    if locked.status == CheckInStatus.OPEN:
        locked.answered_at = now
        locked.late = now > locked.due_at
    locked.status = CheckInStatus.ANSWERED
    locked.save()
    return locked


@transaction.atomic
def notebook_add(*, match: Match, author: User, form) -> tuple[NotebookEntry, bool]:
    """Log a meeting or contact; the same entry submitted twice in a row is kept once."""
    data = form.cleaned_data
    recent = timezone.now() - timedelta(minutes=10)
    existing = NotebookEntry.objects.filter(match=match, author=author, created_at__gte=recent, **data).first()
    if existing:
        return existing, False
    return NotebookEntry.objects.create(match=match, author=author, **data), True
