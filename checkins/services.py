"""Everything in check-ins that writes or e-mails: opening a month, reminders, answers, the notebook."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import dateformat, timezone

from core.links import reverse_fast
from matches.models import Match, MatchStatus
from notifications.services import Notice, notify_many
from outbox.services import email_queue, email_queue_many
from profiles.models import ProgramSettings, Role, User
from support.models import Category
from support.services import concern_from_checkin

from . import dates, emails
from .models import (
    HOURS_FIELDS,
    CheckIn,
    CheckInStatus,
    MonthFigures,
    NotebookEntry,
    NotebookRevision,
    PartnershipStatus,
    QuietEpisode,
)
from .selectors import at_risk, checkin_window_open, checkins_changed


class CheckInClosed(Exception):
    """The check-in can no longer be answered or changed; the message says why."""


@dataclass
class OpenResult:
    month: date
    created: int
    queued: int
    missed: int


def _insert_checkins(*, month: date, hours_month: date, opened_at: datetime, due_at: datetime) -> list[int]:
    """Insert the month's check-in of both people of every active match, skipping those that exist.

    One ``INSERT ... SELECT ... ON CONFLICT DO NOTHING RETURNING id``: the ids are
    exactly the rows this statement created, so two openers at once add up to the truth.
    """
    table = CheckIn._meta.db_table
    started_before = timezone.make_aware(datetime.combine(month, datetime.min.time()))
    given = {"match_id", "person_id", "role", "month", "hours_month", "status", "opened_at", "due_at", "mentee_name"}
    defaults = [f for f in CheckIn._meta.concrete_fields if not f.primary_key and f.attname not in given and not f.null]
    columns = ["match_id", "person_id", "role", "month", "hours_month", "status", "opened_at", "due_at"]
    columns += [f.column for f in defaults]
    columns.append("mentee_name")  # the sort key of the coordinator's list: the mentee's name, read at opening
    ops = connection.ops
    users = ops.quote_name(User._meta.db_table)
    constants = [
        ops.adapt_datefield_value(month),
        ops.adapt_datefield_value(hours_month),
        CheckInStatus.OPEN.value,
        ops.adapt_datetimefield_value(opened_at),
        ops.adapt_datetimefield_value(due_at),
        *[f.get_db_prep_save(f.get_default(), connection) for f in defaults],
    ]
    placeholders = ", ".join(["%s"] * len(constants))
    quoted = ", ".join(ops.quote_name(c) for c in columns)
    created = []
    with connection.cursor() as cursor:
        for person_column, role in (("mentor_id", Role.MENTOR), ("mentee_id", Role.MENTEE)):
            # A plain INSERT ... SELECT (no UNION) lets each constant take its column's type.
            # Only matches that began by the end of the month the hours are for: a match begun this
            # month has its first check-in next month, never one about a month before it existed.
            cursor.execute(
                f"INSERT INTO {ops.quote_name(table)} ({quoted}) "
                f"SELECT id, {person_column}, %s, {placeholders}, "
                f"(SELECT u.name FROM {users} u WHERE u.id = mentee_id) FROM {ops.quote_name(Match._meta.db_table)} "
                f"WHERE status = %s AND started_at < %s ON CONFLICT DO NOTHING RETURNING id",
                [role.value, *constants, "active", ops.adapt_datetimefield_value(started_before)],
            )
            created += [row[0] for row in cursor.fetchall()]
    return created


def checkins_open_month(*, month: date, now: datetime | None = None) -> OpenResult:
    """Open ``month``'s check-in for both people of every active match and write their e-mails (C1).

    Unanswered check-ins of earlier months become missed. The check-ins and
    their e-mails are written in one transaction, so every check-in has its
    e-mail in the outbox. Running it again creates nothing and sends nothing
    (one check-in per match, person and month; one e-mail per check-in).
    """
    month = dates.month_start(month)
    now = now or timezone.now()
    program = ProgramSettings.load()
    with transaction.atomic():
        checkins_changed()
        missed = CheckIn.objects.filter(status=CheckInStatus.OPEN, month__lt=month).update(status=CheckInStatus.MISSED)
        MonthFigures.objects.filter(month__in=[month, dates.previous_month(month)]).delete()  # open again
        created = _insert_checkins(
            month=month,
            hours_month=dates.previous_month(month),
            opened_at=now,
            due_at=now + timedelta(days=program.response_window_days),
        )
        queued = 0
        for start in range(0, len(created), 2000):
            checkins = list(
                CheckIn.objects.filter(pk__in=created[start : start + 2000])
                .select_related("match__mentor", "match__mentee")
                .order_by("pk")
            )
            for checkin in checkins:  # the person is one of the two partners, read already
                mentor = checkin.match.mentor
                checkin.person = mentor if checkin.person_id == mentor.pk else checkin.match.mentee
            month_name = dateformat.format(month, "F")
            written = notify_many(
                [
                    Notice(
                        user_id=checkin.person_id,
                        kind="checkins.opened",
                        text=f"Your {month_name} check-in about your partnership with "
                        f"{checkin.match.partner_of(checkin.person).name} is open.",
                        url=reverse_fast("checkins:answer", checkin.pk),
                        key=f"checkins.opened:{checkin.pk}",
                        email=emails.opened(checkin, program=program),
                    )
                    for checkin in checkins
                ]
            )
            queued += len(written)
        month_figures_refresh()  # the month just closed is rolled up
    return OpenResult(month=month, created=len(created), queued=queued, missed=missed)


def checkins_open_if_due(*, today: date | None = None) -> OpenResult | None:
    """The daily beat job: open this month's check-ins on (or, if missed, after) the check-in day."""
    today = today or timezone.localdate()
    program = ProgramSettings.load()
    month = dates.month_start(today)
    if today.day < program.checkin_day or CheckIn.objects.filter(month=month).exists():
        return None
    return checkins_open_month(month=month)


def checkins_remind(*, now: datetime | None = None) -> int:
    """Write one reminder to each person who has not answered after the configured days (C5)."""
    now = now or timezone.now()
    program = ProgramSettings.load()
    with transaction.atomic():
        due = list(
            CheckIn.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                status=CheckInStatus.OPEN,
                reminded_at__isnull=True,
                opened_at__lte=now - timedelta(days=program.reminder_after_days),
                due_at__gt=now,
            )
            .select_related("person", "match__mentor", "match__mentee")
            .order_by("pk")
        )
        if not due:
            return 0
        CheckIn.objects.filter(pk__in=[c.pk for c in due]).update(reminded_at=now)
        email_queue_many([emails.reminder(checkin, program=program) for checkin in due])
    return len(due)


# The fields of an answer, by role (C2, C3).
MENTOR_ANSWER_FIELDS = ["update", "partnership_status", *(hours.field for hours in HOURS_FIELDS)]
MENTEE_ANSWER_FIELDS = ["update", "continues", "concern"]


@transaction.atomic
def checkin_submit(*, checkin: CheckIn, answer: Mapping[str, Any], now: datetime | None = None) -> CheckIn:
    """Save an answer (C2, C3): ``answer`` holds the fields of the person's role; late when after the window (C5)."""
    now = now or timezone.now()
    # The check-in and its match locked in one query: a close (which locks the match) cannot interleave.
    locked = CheckIn.objects.select_for_update(of=("self", "match")).select_related("match").get(pk=checkin.pk)
    if locked.status == CheckInStatus.MISSED:
        raise CheckInClosed("This check-in closed when the next month's opened.")
    if locked.status == CheckInStatus.WITHDRAWN:
        raise CheckInClosed("This partnership has closed, so its check-in is withdrawn.")
    if locked.match.status != MatchStatus.ACTIVE:
        raise CheckInClosed(
            "This partnership has closed; its check-ins are kept as they were and can no longer change."
        )
    if not checkin_window_open(locked, now):
        raise CheckInClosed(
            f"The window closed on {timezone.localtime(locked.due_at):%d %B}; your answer can no longer change."
        )
    allowed = MENTOR_ANSWER_FIELDS if locked.is_mentor else MENTEE_ANSWER_FIELDS
    for name in allowed:
        if name in answer:
            setattr(locked, name, answer[name])
    first_answer = locked.status == CheckInStatus.OPEN
    if first_answer:
        locked.answered_at = now
        locked.late = now > locked.due_at
    locked.status = CheckInStatus.ANSWERED
    locked.save(update_fields=[*allowed, "answered_at", "late", "status"])
    checkins_changed()  # hours reported are contact
    # A month is rolled up only once none of the check-ins opened in it or reporting its hours is open: a first
    # answer's months never are.
    if not first_answer and MonthFigures.objects.filter(month__in=[locked.month, locked.hours_month]).delete()[0]:
        month_figures_refresh()  # a closed month's answer changed: its figures are counted again
    _raise_concern(locked)
    return locked


def _raise_concern(checkin: CheckIn) -> None:
    """A mentee's concern for the coordinator, or a mentor's "some concerns" or "wants to end",
    opens a concern in the coordinator's inbox (S3). ``checkin.match`` is read already (and locked)."""
    match = checkin.match
    if checkin.is_mentor and checkin.partnership_status in (
        PartnershipStatus.SOME_CONCERNS,
        PartnershipStatus.WANTS_TO_END,
    ):
        text = (
            f"{checkin.get_partnership_status_display()} (monthly check-in for {checkin.month:%B %Y}). {checkin.update}"
        )
        concern_from_checkin(
            checkin_id=checkin.pk,
            reporter=checkin.person,
            match=match,
            category=Category.PARTNERSHIP,
            text=text.strip(),
        )
    elif not checkin.is_mentor and checkin.concern.strip():
        concern_from_checkin(
            checkin_id=checkin.pk,
            reporter=checkin.person,
            match=match,
            category=Category.OTHER,
            text=checkin.concern.strip(),
        )


@transaction.atomic
def month_figures_refresh() -> int:
    """Roll up every closed month not rolled up yet: months with check-ins none of which is open,
    whether opened in that month or reporting its hours. Idempotent; returns how many rows it wrote.

    Only an answer changes a closed month's figures, and ``checkin_submit`` deletes that month's row.
    """
    still_open = CheckIn.objects.filter(status=CheckInStatus.OPEN)
    months = set(
        CheckIn.objects.exclude(month__in=still_open.values("month"))
        .exclude(month__in=still_open.values("hours_month"))
        .exclude(month__in=MonthFigures.objects.values("month"))
        .values_list("month", flat=True)
        .distinct()
        .order_by()
    )
    if not months:
        return 0
    rates = {
        row["month"]: row
        for row in CheckIn.objects.counted()
        .filter(month__in=months)
        .values("month")
        .annotate(total=Count("status"), answered=Count("status", filter=Q(status=CheckInStatus.ANSWERED)))
        .order_by()
    }
    hours = {
        row["hours_month"]: row
        for row in CheckIn.objects.hours_reported()
        .filter(hours_month__in=months)
        .values("hours_month")
        .annotate(**{h.field: Sum(h.field) for h in HOURS_FIELDS})
        .order_by()
    }
    MonthFigures.objects.bulk_create(
        [
            MonthFigures(
                month=m,
                answered=rates.get(m, {}).get("answered", 0),
                total=rates.get(m, {}).get("total", 0),
                **{h.field: hours.get(m, {}).get(h.field) or 0 for h in HOURS_FIELDS},
            )
            for m in sorted(months)
        ],
        ignore_conflicts=True,
    )
    return len(months)


@transaction.atomic
def checkins_withdraw(*, match: Match) -> int:
    """The partnership closed: its open check-ins are withdrawn (neither answered nor missed, not
    counted in response rates), and no reminder goes out for them. Returns how many."""
    checkins_changed()
    return CheckIn.objects.filter(match=match, status=CheckInStatus.OPEN).update(status=CheckInStatus.WITHDRAWN)


class NotebookError(Exception):
    """A change to the notebook the rules do not allow; the message says why."""


NOTEBOOK_FIELDS = ["date", "form", "minutes", "topics", "notes"]


def _keep_revision(entry: NotebookEntry, by: User, action: str) -> None:
    NotebookRevision.objects.create(
        entry=entry, by=by, action=action, **{name: getattr(entry, name) for name in NOTEBOOK_FIELDS}
    )


def _editable(entry: NotebookEntry, by: User) -> NotebookEntry:
    locked = NotebookEntry.objects.select_for_update().select_related("match").filter(pk=entry.pk).first()
    if locked is not None and not Match.objects.is_active_locked(locked.match_id):
        raise NotebookError("This partnership is closed; its notebook is kept as it was and can no longer change.")
    if locked is None or not locked.editable_by(by):
        raise NotebookError(
            f"Only its author can change an entry, for {NotebookEntry.EDITABLE_DAYS} days, "
            "while the partnership is active."
        )
    return locked


def _refuse_before_start(match: Match, day: date) -> None:
    began = dates.began_on(match)
    if began and day < began:
        raise NotebookError(f"Your partnership began on {began:%-d %B %Y}; log what happened since then.")


@transaction.atomic
def notebook_edit(
    *, entry: NotebookEntry, by: User, date: date, form: str, minutes: int, topics: str, notes: str = ""
) -> NotebookEntry:
    """Its author corrects an entry; the earlier wording is kept as a revision."""
    entry = _editable(entry, by)
    _refuse_before_start(entry.match, date)
    data = {"date": date, "form": form, "minutes": minutes, "topics": topics, "notes": notes}
    if all(getattr(entry, name) == value for name, value in data.items()):
        return entry
    _keep_revision(entry, by, NotebookRevision.EDITED)
    for name, value in data.items():
        setattr(entry, name, value)
    entry.updated_at = timezone.now()
    entry.save()
    checkins_changed()
    return entry


@transaction.atomic
def notebook_remove(*, entry: NotebookEntry, by: User) -> None:
    """Its author removes an entry logged by mistake: it no longer counts, and is kept as a revision."""
    entry = _editable(entry, by)
    _keep_revision(entry, by, NotebookRevision.REMOVED)
    entry.removed_at = timezone.now()
    entry.save(update_fields=["removed_at"])
    checkins_changed()


@transaction.atomic
def notebook_add(
    *, match: Match, author: User, date: date, form: str, minutes: int, topics: str, notes: str = ""
) -> tuple[NotebookEntry, bool]:
    """Log a meeting or contact (C6); the same entry submitted twice in a row is kept once."""
    if not Match.objects.is_active_locked(match.pk):
        raise NotebookError("This partnership is closed; its notebook is kept but takes no new entries.")
    _refuse_before_start(match, date)
    data = {"date": date, "form": form, "minutes": minutes, "topics": topics, "notes": notes}
    recent = timezone.now() - timedelta(minutes=10)
    existing = NotebookEntry.objects.filter(match=match, author=author, created_at__gte=recent, **data).first()
    if existing:
        return existing, False
    checkins_changed()
    return NotebookEntry.objects.create(match=match, author=author, **data), True


def quiet_pairs_nudge(*, today: date | None = None) -> int:
    """The daily look at quiet pairs (C8): each match that became at risk starts an episode, and both
    partners get one friendly nudge for it (unless the program turned nudges off); an episode ends
    when the match is no longer at risk. Returns how many episodes began.

    Episodes are claimed through a unique constraint (one open episode per match) and the
    e-mails through outbox keys, so a second run the same day, or at once, sends nothing more.
    """
    today = today or timezone.localdate()
    program = ProgramSettings.load()
    found = at_risk(today)
    reasons = {item.match.pk: "; ".join(item.reasons) for item in found}
    with transaction.atomic():
        QuietEpisode.objects.filter(ended_on__isnull=True).exclude(match_id__in=list(reasons)).update(ended_on=today)
        QuietEpisode.objects.bulk_create(
            [QuietEpisode(match_id=pk, started_on=today, reasons=why) for pk, why in reasons.items()],
            ignore_conflicts=True,
        )
        begun = list(
            QuietEpisode.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(ended_on__isnull=True, started_on=today, nudged_at__isnull=True)
            .select_related("match__mentor", "match__mentee")
        )
        if program.nudge_quiet_pairs:
            for episode in begun:
                _nudge(episode, program)
            QuietEpisode.objects.filter(pk__in=[e.pk for e in begun]).update(nudged_at=timezone.now())
    return len(begun)


def _nudge(episode: QuietEpisode, program: ProgramSettings) -> None:
    match = episode.match
    open_checkins = {c.person_id: c for c in CheckIn.objects.filter(match=match, status=CheckInStatus.OPEN)}
    for person in (match.mentor, match.mentee):
        email_queue(emails.nudge(episode, person, checkin=open_checkins.get(person.pk), program=program))
