"""Everything at a partnership's end that writes or e-mails: closing (E1), what follows by reason,
the closing survey (E2), thanks and nominations (E3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from checkins.services import checkins_withdraw
from matches.models import CloseReason, Match
from matches.pool import pool_changed
from matches.services import MatchError, match_close
from meetings.services import meetings_withdraw
from outbox.services import email_queue
from profiles.models import Profile, ProgramSettings, Role, User
from profiles.selectors import coordinators

from . import emails, links
from .models import AWARD_UNNAMED, Nomination, Survey, ThankYou

SURVEY_REMINDER_AFTER = timedelta(days=7)


class EndingError(Exception):
    """A step the rules do not allow; the message says why."""


@dataclass
class CloseResult:
    closed: bool
    withdrawn: int = 0


@transaction.atomic
def partnership_close(*, match: Match, by: User, reason: str, note: str = "") -> CloseResult:
    """Close a partnership (E1) by one of the partners or a coordinator, with a reason and a note.

    In one transaction: the match closes (its history keeps who, when and
    why); its open check-ins are withdrawn, so no reminder goes out and no
    response rate counts them; its meetings still to come are cancelled (and
    leave both calendars); the mentee waits for a new mentor, first in line,
    only after "not a fit", and otherwise waits only after asking; the
    other partner and the coordinators are told (a partner's note goes to the
    coordinators alone); each partner gets the closing survey. Agreements,
    notebook and plan stay readable to both. Closing twice does nothing.
    """
    is_partner = by.pk in (match.mentor_id, match.mentee_id)
    if not (is_partner or by.is_coordinator):
        raise EndingError("Only the two partners or a coordinator can close a partnership.")
    try:
        closed = match_close(match=match, by=by, reason=reason, note=note)
    except MatchError as exc:
        raise EndingError(str(exc)) from exc
    if not closed:
        return CloseResult(closed=False)
    match = Match.objects.select_related("mentor", "mentee").get(pk=match.pk)
    withdrawn = checkins_withdraw(match=match)
    meetings_withdraw(match=match, by=by)
    Profile.objects.filter(user=match.mentee).update(looking_for_mentor=reason == CloseReason.NOT_A_FIT)
    pool_changed()  # an update sends no signal: the mentees waiting may change

    program = ProgramSettings.load()
    told = [match.partner_of(by)] if is_partner else [match.mentor, match.mentee]
    for person in told:
        email_queue(emails.closed(match, person, by=by, program=program))
    if is_partner:
        for coordinator in coordinators():
            email_queue(emails.closed_coordinator(match, coordinator, by=by, note=note, program=program))
    _surveys_send(match, program)
    return CloseResult(closed=True, withdrawn=withdrawn)


def _surveys_send(match: Match, program: ProgramSettings) -> None:
    year = program.year_of(timezone.localdate(match.closed_at))
    for person, role in ((match.mentor, Role.MENTOR), (match.mentee, Role.MENTEE)):
        survey, _ = Survey.objects.get_or_create(
            match=match, person=person, defaults={"role": role, "program_year": year}
        )
        email_queue(emails.survey(survey, program=program))


def surveys_remind(*, now: datetime | None = None) -> int:
    """One reminder to each person who has not answered their closing survey after a week."""
    now = now or timezone.now()
    program = ProgramSettings.load()
    with transaction.atomic():
        due = list(
            Survey.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(
                answered_at__isnull=True,
                reminded_at__isnull=True,
                created_at__lte=now - SURVEY_REMINDER_AFTER,
                created_at__gt=now - links.MAX_AGE,
            )
            .select_related("person", "match__mentor", "match__mentee")
        )
        for survey in due:
            email_queue(emails.survey_reminder(survey, program=program))
        Survey.objects.filter(pk__in=[s.pk for s in due]).update(reminded_at=now)
    return len(due)


SURVEY_FIELDS = ["rating", "helped_most", "program_change", "again", "goals_moved"]


@transaction.atomic
def survey_answer(*, survey: Survey, answer: Mapping[str, Any]) -> bool:
    """Save the closing survey's answers, exactly once. Returns False when it was answered already."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.answered_at:
        return False
    for name in SURVEY_FIELDS:
        if name in answer:
            setattr(survey, name, answer[name])
    if survey.role != Role.MENTEE:
        survey.goals_moved = ""
    survey.answered_at = timezone.now()
    survey.save()
    return True


def _the_mentee(match: Match, mentee: User) -> None:
    if mentee.pk != match.mentee_id:
        raise EndingError("Only the mentee of this partnership can do this.")


@transaction.atomic
def thanks_send(*, match: Match, mentee: User, message: str) -> tuple[ThankYou, bool]:
    """The mentee thanks the mentor (E3): kept on the mentor's page and e-mailed to them.

    The same note sent twice in a row (a double click) is kept and sent once.
    """
    _the_mentee(match, mentee)
    message = message.strip()
    recent = ThankYou.objects.filter(
        match=match, mentee=mentee, message=message, created_at__gte=timezone.now() - timedelta(minutes=10)
    ).first()
    if recent:
        return recent, False
    thanks = ThankYou.objects.create(match=match, mentee=mentee, mentor=match.mentor, message=message)
    email_queue(emails.thanks(thanks))
    return thanks, True


@transaction.atomic
def mentor_nominate(*, match: Match, mentee: User, reason: str) -> tuple[Nomination, bool]:
    """The mentee nominates the mentor for the program's award (E3), once per program year.

    Nominating again the same year replaces the reason. Nobody but the
    coordinators sees nominations; the mentor is not told.
    """
    _the_mentee(match, mentee)
    program = ProgramSettings.load()
    year = program.year_of(timezone.localdate())
    award = program.award_name or AWARD_UNNAMED
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                match=match,
                mentee=mentee,
                mentor=match.mentor,
                program_year=year,
                award_name=award,
                reason=reason.strip(),
            )
        return nomination, True
    except IntegrityError:
        nomination = Nomination.objects.select_for_update().get(mentee=mentee, mentor=match.mentor, program_year=year)
        nomination.reason = reason.strip()
        nomination.save(update_fields=["reason", "updated_at"])
        return nomination, False


@transaction.atomic
def mentor_ask(*, mentee: User) -> bool:
    """A mentee whose partnership ended asks for a new mentor: back in the waiting pool (one click).

    Returns False when they were already waiting or already have a match.
    """
    profile = Profile.objects.select_for_update().get(user=mentee, role=Role.MENTEE)
    if profile.looking_for_mentor or Match.objects.open().filter(mentee=mentee).exists():
        return False
    profile.looking_for_mentor = True
    profile.save(update_fields=["looking_for_mentor", "updated_at"])
    return True


@transaction.atomic
def mentor_availability_set(*, mentor: User, open_to_mentees: bool) -> None:
    """The mentor says whether they would take another mentee now."""
    Profile.objects.filter(user=mentor, role=Role.MENTOR).update(open_to_mentees=open_to_mentees)
    pool_changed()  # an update sends no signal: the mentors with a free place change
