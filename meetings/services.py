"""Everything in meetings that writes or e-mails: proposing, answering, moving, cancelling, saying
whether a meeting was held, the reminders, the "did you meet?" e-mails and the calendar feed's secret.

Every step locks the match (``is_active_locked``: a closed partnership refuses all of it, and a
step cannot interleave with a close) and the meeting's row, then checks the meeting is still in the
state the step needs: a second click or a retried task finds it changed and does nothing. Each step
writes a ``MeetingEvent``; the e-mail it sends is keyed by that event, so it is written once.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from checkins.models import NotebookEntry
from checkins.services import NotebookError, notebook_add
from matches.models import Match
from notifications.services import notify
from outbox.services import email_queue
from profiles.models import ProgramSettings, User

from . import emails
from .models import (
    MAX_MINUTES,
    MIN_MINUTES,
    CalendarFeed,
    EventKind,
    Meeting,
    MeetingEvent,
    MeetingStatus,
    Outcome,
)


class MeetingError(Exception):
    """The step cannot be taken; the message says why, in the person's words."""


CLOSED = "This partnership is closed: its meetings can no longer be planned or changed."


def _locked(meeting: Meeting, by: User) -> Meeting:
    """The meeting's row locked for this step, after its match's: 404-like errors are the access helper's
    job; here the partnership must be active and ``by`` one of its partners."""
    if not Match.objects.is_active_locked(meeting.match_id):
        raise MeetingError(CLOSED)
    locked = Meeting.objects.select_for_update().select_related("match__mentor", "match__mentee", "proposed_by")
    fresh = locked.get(pk=meeting.pk)
    if by.pk not in (fresh.match.mentor_id, fresh.match.mentee_id):
        raise MeetingError("Only the two partners plan their meetings.")
    return fresh


def _check_time(starts_at: datetime, minutes: int) -> None:
    if starts_at <= timezone.now():
        raise MeetingError("Please choose a time that has not passed yet.")
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise MeetingError(f"A meeting lasts from {MIN_MINUTES} minutes to {MAX_MINUTES // 60} hours.")


def _record(meeting: Meeting, *, kind: str, by: User | None, note: str = "") -> MeetingEvent:
    event = MeetingEvent.objects.create(
        meeting=meeting, match_id=meeting.match_id, actor=by, kind=kind, starts_at=meeting.starts_at, note=note
    )
    event.meeting = meeting
    return event


def reminder_due(starts_at: datetime, program: ProgramSettings) -> datetime:
    """When a meeting's reminder goes out: ``meeting_reminder_days`` before it, at ``meeting_reminder_hour``
    local time (the day before at 9:00 by default)."""
    day = timezone.localdate(starts_at) - timedelta(days=program.meeting_reminder_days)
    return timezone.make_aware(datetime.combine(day, time(program.meeting_reminder_hour)))


def _skip_reminder_if_late(meeting: Meeting, program: ProgramSettings) -> None:
    """A meeting planned after its reminder's moment needs none: the invitation has just told them."""
    meeting.reminded_for = meeting.starts_at if reminder_due(meeting.starts_at, program) <= timezone.now() else None


def _tell_answerer(event: MeetingEvent) -> None:
    """Your turn: the partner asked to answer a proposal (or another time) is notified, by e-mail as they chose."""
    meeting = event.meeting
    person = meeting.answerer()
    what = "proposes another time" if event.kind == EventKind.COUNTERED else "proposes a meeting"
    notify(
        person,
        "meetings.proposed",
        text=f"{meeting.proposed_by.name} {what}: {meeting.when}.",
        url=emails.page_link(meeting),
        key=f"meetings.proposed:{event.pk}",
        email=emails.proposed(event),
    )


# The bell's kind for each step that sends the calendar invitation.
INVITATION_KINDS = {
    EventKind.ACCEPTED: ("meetings.answered", "accepted the meeting"),
    EventKind.RESCHEDULED: ("meetings.changed", "moved the meeting to"),
    EventKind.CANCELLED: ("meetings.cancelled", "cancelled the meeting of"),
}


def _send_invitations(event: MeetingEvent) -> None:
    """The calendar invitation (or its update, or its cancel) to both partners, through the outbox directly:
    it is what keeps their calendars right, so it is not one of the notifications a person may turn off.
    The partner who did not act also finds the step in their notifications."""
    program = ProgramSettings.load()
    meeting = event.meeting
    match = meeting.match
    for person in (match.mentor, match.mentee):
        email_queue(emails.invitation(event, person, program=program))
    kind, did = INVITATION_KINDS[EventKind(event.kind)]
    actor = event.actor
    for person in (match.mentor, match.mentee):
        if actor is not None and person.pk == actor.pk:
            continue
        notify(
            person,
            kind,
            text=f"{actor.name if actor else 'The program'} {did} {meeting.when}.",
            url=emails.page_link(meeting),
            key=f"meetings.{event.kind}:{event.pk}:{person.pk}",
        )


@transaction.atomic
def meeting_propose(
    *,
    match: Match,
    by: User,
    starts_at: datetime,
    minutes: int,
    form: str,
    place: str = "",
    link: str = "",
    agenda: str = "",
) -> tuple[Meeting, bool]:
    """Propose a meeting (K1): the other partner is asked to answer. The same proposal sent twice in a
    row (a double click) is kept once: returns (meeting, created)."""
    if not Match.objects.is_active_locked(match.pk):
        raise MeetingError(CLOSED)
    if by.pk not in (match.mentor_id, match.mentee_id):
        raise MeetingError("Only the two partners plan their meetings.")
    _check_time(starts_at, minutes)
    ends_at = starts_at + timedelta(minutes=minutes)
    same = Meeting.objects.filter(
        match=match,
        proposed_by=by,
        status=MeetingStatus.PROPOSED,
        starts_at=starts_at,
        ends_at=ends_at,
        created_at__gte=timezone.now() - timedelta(minutes=10),
    ).first()
    if same:
        return same, False
    meeting = Meeting.objects.create(
        match=match,
        proposed_by=by,
        starts_at=starts_at,
        ends_at=ends_at,
        form=form,
        place=place,
        link=link,
        agenda=agenda,
    )
    meeting.match = match
    _tell_answerer(_record(meeting, kind=EventKind.PROPOSED, by=by))
    return meeting, True


@transaction.atomic
def meeting_accept(*, meeting: Meeting, by: User) -> bool:
    """The partner asked accepts the time: both get the calendar invitation. False when it was already
    accepted (a second click)."""
    meeting = _locked(meeting, by)
    if meeting.status == MeetingStatus.ACCEPTED:
        return False
    if meeting.status != MeetingStatus.PROPOSED:
        raise MeetingError("This meeting is no longer waiting for an answer.")
    if meeting.proposed_by_id == by.pk:
        raise MeetingError(f"{meeting.answerer().get_short_name()} answers this proposal.")
    if meeting.starts_at <= timezone.now():
        raise MeetingError("This time has passed: please propose another one.")
    meeting.status = MeetingStatus.ACCEPTED
    _skip_reminder_if_late(meeting, ProgramSettings.load())
    meeting.save()
    _send_invitations(_record(meeting, kind=EventKind.ACCEPTED, by=by))
    return True


@transaction.atomic
def meeting_decline(*, meeting: Meeting, by: User, note: str = "") -> bool:
    """The partner asked declines, with a word for the other. False when it was already declined."""
    meeting = _locked(meeting, by)
    if meeting.status == MeetingStatus.DECLINED:
        return False
    if meeting.status != MeetingStatus.PROPOSED or meeting.proposed_by_id == by.pk:
        raise MeetingError("This meeting is not waiting for your answer.")
    meeting.status = MeetingStatus.DECLINED
    meeting.save()
    event = _record(meeting, kind=EventKind.DECLINED, by=by, note=note[:300])
    proposer = meeting.proposed_by
    notify(
        proposer,
        "meetings.answered",
        text=f"{by.name} cannot meet on {meeting.when}: propose another time.",
        url=emails.page_link(meeting),
        key=f"meetings.declined:{event.pk}",
        email=emails.declined(event),
    )
    return True


@transaction.atomic
def meeting_change(
    *,
    meeting: Meeting,
    by: User,
    starts_at: datetime,
    minutes: int,
    form: str,
    place: str = "",
    link: str = "",
    agenda: str = "",
) -> str:
    """Another time for a meeting. Waiting for ``by``'s answer: a counter-proposal, which the other partner
    now answers. Planned: rescheduled by either partner, and both calendars update the same event
    (SEQUENCE raised). Returns the event's kind, or "" when nothing changed (the same form sent again)."""
    meeting = _locked(meeting, by)
    _check_time(starts_at, minutes)
    ends_at = starts_at + timedelta(minutes=minutes)
    new = {"starts_at": starts_at, "ends_at": ends_at, "form": form, "place": place, "link": link, "agenda": agenda}
    if all(getattr(meeting, name) == value for name, value in new.items()):
        return ""
    if meeting.status == MeetingStatus.PROPOSED:
        if meeting.proposed_by_id == by.pk:
            raise MeetingError("Your proposal waits for an answer; cancel it to propose something else.")
        for name, value in new.items():
            setattr(meeting, name, value)
        meeting.proposed_by = by
        meeting.save()
        _tell_answerer(_record(meeting, kind=EventKind.COUNTERED, by=by))
        return EventKind.COUNTERED
    if meeting.status != MeetingStatus.ACCEPTED or meeting.outcome:
        raise MeetingError("Only a planned meeting can be moved.")
    for name, value in new.items():
        setattr(meeting, name, value)
    meeting.sequence += 1
    _skip_reminder_if_late(meeting, ProgramSettings.load())
    meeting.asked_at = None
    meeting.save()
    _send_invitations(_record(meeting, kind=EventKind.RESCHEDULED, by=by))
    return EventKind.RESCHEDULED


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, by: User, note: str = "") -> bool:
    """Cancel a planned meeting (both calendars remove it: METHOD:CANCEL) or withdraw a proposal (the partner
    it waited for is told). False when it was already cancelled."""
    meeting = _locked(meeting, by)
    if meeting.status == MeetingStatus.CANCELLED:
        return False
    if meeting.status not in (MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED) or meeting.outcome:
        raise MeetingError("This meeting can no longer be cancelled.")
    was_planned = meeting.status == MeetingStatus.ACCEPTED
    meeting.status = MeetingStatus.CANCELLED
    meeting.sequence += 1
    meeting.save()
    event = _record(meeting, kind=EventKind.CANCELLED, by=by, note=note[:300])
    if was_planned:
        _send_invitations(event)
    else:
        partner = meeting.match.partner_of(by)
        notify(
            partner,
            "meetings.cancelled",
            text=f"{by.name} withdrew the meeting proposed for {meeting.when}.",
            url=emails.page_link(meeting),
            key=f"meetings.withdrawn:{event.pk}",
            email=emails.withdrawn(event),
        )
    return True


def meetings_withdraw(*, match: Match, by: User | None) -> int:
    """A partnership closed: its proposals and planned meetings still to come are cancelled, and the
    planned ones leave both calendars. Called by the close in the closer's transaction."""
    now = timezone.now()
    count = 0
    for meeting in (
        Meeting.objects.select_for_update()
        .select_related("match__mentor", "match__mentee", "proposed_by")
        .filter(match=match, status__in=[MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED], starts_at__gt=now)
    ):
        was_planned = meeting.status == MeetingStatus.ACCEPTED
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.save()
        event = _record(meeting, kind=EventKind.CANCELLED, by=by, note="The partnership closed.")
        if was_planned:
            _send_invitations(event)
        count += 1
    return count


def _outcome_check(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.ACCEPTED:
        raise MeetingError("Only a planned meeting can be said held or not.")
    if meeting.starts_at > timezone.now():
        raise MeetingError("This meeting has not begun yet.")


@transaction.atomic
def meeting_held(
    *, meeting: Meeting, by: User, date: date, form: str, minutes: int, topics: str, notes: str = ""
) -> NotebookEntry | None:
    """Yes, we met: logged in the notebook (which the check-in's hours pre-fill reads) and the meeting held.
    None when one of them had already said so (the notebook gets no second entry)."""
    meeting = _locked(meeting, by)
    _outcome_check(meeting)
    if meeting.outcome:
        return None
    try:
        entry, _ = notebook_add(
            match=meeting.match, author=by, date=date, form=form, minutes=minutes, topics=topics, notes=notes
        )
    except NotebookError as exc:
        raise MeetingError(str(exc)) from None
    _set_outcome(meeting, Outcome.HELD, by)
    return entry


@transaction.atomic
def meeting_missed(*, meeting: Meeting, by: User) -> bool:
    """No, the meeting did not happen. False when one of them had already answered."""
    meeting = _locked(meeting, by)
    _outcome_check(meeting)
    if meeting.outcome:
        return False
    _set_outcome(meeting, Outcome.MISSED, by)
    return True


def _set_outcome(meeting: Meeting, outcome: str, by: User) -> None:
    meeting.outcome, meeting.outcome_by, meeting.outcome_at = outcome, by, timezone.now()
    meeting.save(update_fields=["outcome", "outcome_by", "outcome_at", "updated_at"])
    _record(meeting, kind=EventKind.HELD if outcome == Outcome.HELD else EventKind.MISSED, by=by)


def meeting_reminders_send(*, now: datetime | None = None) -> int:
    """Remind both partners of each planned meeting whose reminder's moment has come (beat, every few
    minutes). Each meeting is claimed by a conditional update of ``reminded_for`` to the time it is
    reminded of, in the transaction that writes the e-mails (keyed by meeting, time and person): a
    retried or doubled task, or a second worker, reminds nobody twice. A cancelled meeting is never
    reminded; a moved one is reminded again for its new time. Returns how many meetings were reminded."""
    now = now or timezone.now()
    program = ProgramSettings.load()
    horizon = now + timedelta(days=program.meeting_reminder_days + 2)
    candidates = (
        Meeting.objects.planned()
        .filter(starts_at__gt=now, starts_at__lte=horizon, outcome="", match__status="active")
        .exclude(reminded_for=F("starts_at"))
        .select_related("match__mentor", "match__mentee")
    )
    sent = 0
    for meeting in candidates:
        if reminder_due(meeting.starts_at, program) > now:
            continue
        with transaction.atomic():
            claimed = (
                Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.ACCEPTED, starts_at=meeting.starts_at)
                .exclude(reminded_for=meeting.starts_at)
                .update(reminded_for=meeting.starts_at)
            )
            if not claimed:
                continue
            for person in (meeting.match.mentor, meeting.match.mentee):
                partner = meeting.match.partner_of(person)
                notify(
                    person,
                    "meetings.reminder",
                    text=f"Your meeting with {partner.name}: {meeting.when}.",
                    url=emails.page_link(meeting),
                    key=f"meetings.reminder:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:{person.pk}",
                    email=emails.reminder(meeting, person, program=program),
                )
            sent += 1
    return sent


def meetings_ask(*, now: datetime | None = None) -> int:
    """From the day after a planned meeting, both partners are asked once by e-mail whether it was held
    (unless one of them already said). Claimed by ``asked_at``; e-mails keyed by meeting and person."""
    now = now or timezone.now()
    today_began = timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))
    program = ProgramSettings.load()
    asked = 0
    for meeting in (
        Meeting.objects.to_ask_about(today_began)
        .filter(asked_at__isnull=True, starts_at__gte=now - timedelta(days=14), match__status="active")
        .select_related("match__mentor", "match__mentee")
    ):
        with transaction.atomic():
            if not Meeting.objects.filter(pk=meeting.pk, asked_at__isnull=True, outcome="").update(asked_at=now):
                continue
            for person in (meeting.match.mentor, meeting.match.mentee):
                partner = meeting.match.partner_of(person)
                day = timezone.localtime(meeting.starts_at)
                notify(
                    person,
                    "meetings.ask",
                    text=f"Did you meet {partner.name} on {day:%-d %B}? Log it in one step.",
                    url=reverse("meetings:held", args=[meeting.pk]),
                    key=f"meetings.ask:{meeting.pk}:{person.pk}",
                    email=emails.ask(meeting, person, program=program),
                )
            asked += 1
    return asked


# The private calendar feed (K2) ------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def feed_make(*, user: User) -> str:
    """A new secret address for ``user``'s calendar feed; the one before stops working. Only its hash is
    kept, so the token is returned to be shown once."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": token_hash(token)})
    return token


def feed_revoke(*, user: User) -> bool:
    """Turn the feed off: its address stops working. False when there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
