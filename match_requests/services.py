"""Everything in requests that writes or e-mails (M8): sending a request, asking each choice in turn,
the mentor's answer, expiry, withdrawing.

The lifecycle: a request is *open* while one of its choices is *asked*; the others wait their turn. An
asked mentor *accepts* (the match is made and published through ``matches``: the request is *matched*),
*declines* with a reason, or lets the deadline pass (*expired*, by the beat job); either passes the request
to the next choice. A choice whose mentor can no longer take a mentee when its turn comes is *passed*
over. When no choice is left the request is *exhausted*: the mentee is told kindly and the coordinator
sees it. The mentee or the coordinator may *withdraw* an open request.

Locks, always in this order: the matching lock (``matches.services.matching_lock``), then the request's
rows. So an acceptance, which also makes a match under that lock, never waits for a row another
acceptance holds while that one waits for the lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from matches.models import Match, MatchStatus, NotAgain
from matches.services import MatchError, match_from_request, matching_lock
from notifications.services import notify
from profiles.models import Profile, ProgramSettings, Role, Status, User

from . import emails, selectors
from .models import MAX_CHOICES, Choice, ChoiceStatus, MentorRequest, RequestStatus


class RequestError(Exception):
    """A request the program's rules do not allow; the message says why, for the person."""


def _asked(choice: Choice, program: ProgramSettings) -> None:
    """The mentor's turn: a request to answer, on their bell and (as they chose) by e-mail."""
    mentee = choice.request.mentee
    deadline = timezone.localtime(choice.deadline)
    notify(
        choice.mentor,
        "requests.received",
        text=f"{mentee.name} asked you to be their mentor: please answer by {deadline.day} {deadline:%B}.",
        url=reverse("requests:answer", args=[choice.pk]),
        key=f"requests.received:{choice.pk}",
        email=emails.asked(choice, program=program),
    )


def _answered(mentee: User, *, text: str, key: str, email=None) -> None:
    """The mentee's news: an answer received (passed on, accepted, or no choice left)."""
    notify(mentee, "requests.answered", text=text, url=reverse("requests:choose"), key=key, email=email)


@transaction.atomic
def request_send(*, mentee: User, mentor_ids: list[int], note: str = "", now: datetime | None = None) -> MentorRequest:
    """A mentee asks up to three mentors, in order (M8); the first is asked at once.

    Only mentors among her suggestions now may be asked (free place, requirements met, never a former
    partner or a pair not to meet again). The mentee's profile row is locked while her open request is
    looked for, so a double submit finds the first one and returns it (one open request per mentee,
    which the database also holds)."""
    now = now or timezone.now()
    program = ProgramSettings.load()
    if not program.mentees_request:
        raise RequestError("In this program the coordinator makes the matches, so requests are not open.")
    ids = list(dict.fromkeys(int(pk) for pk in mentor_ids))
    if not 1 <= len(ids) <= MAX_CHOICES:
        raise RequestError(f"Please choose one to {MAX_CHOICES} mentors.")
    profile = (
        Profile.objects.select_for_update()
        .filter(user=mentee, role=Role.MENTEE, status=Status.APPROVED)
        .prefetch_related("focus_areas")
        .select_related("user", "discipline")
        .first()
    )
    if profile is None:
        raise RequestError("Only approved mentees may ask for a mentor.")
    existing = MentorRequest.objects.filter(mentee=mentee, status=RequestStatus.OPEN).first()
    if existing is not None:
        return existing
    if not selectors.may_choose(profile):
        raise RequestError("You already have a mentor, or a match on its way.")
    suggested = {s.profile.user_id for s in selectors.suggested_for(profile, program)}
    if any(pk not in suggested for pk in ids):
        raise RequestError("Please choose among the mentors suggested to you; their places may have changed.")
    try:
        with transaction.atomic():
            request = MentorRequest.objects.create(mentee=mentee, note=(note or "").strip()[:500])
    except IntegrityError:
        return MentorRequest.objects.get(mentee=mentee, status=RequestStatus.OPEN)
    Choice.objects.bulk_create(
        [Choice(request=request, mentor_id=pk, position=position) for position, pk in enumerate(ids, start=1)]
    )
    _ask_next(request, now=now, program=program)
    return request


def _unavailable(choice: Choice) -> str:
    """Why this choice's mentor can no longer be asked, or "" when they can."""
    mentee_id = choice.request.mentee_id
    profile = Profile.objects.filter(user_id=choice.mentor_id, role=Role.MENTOR, status=Status.APPROVED).first()
    if profile is None or not profile.open_to_mentees or not choice.mentor.is_active:
        return "Not taking new mentees at the moment."
    if Match.objects.open().filter(mentor_id=choice.mentor_id).count() >= (profile.capacity or 0):
        return "No free place left."
    if (
        Match.objects.filter(mentee_id=mentee_id, mentor_id=choice.mentor_id, status=MatchStatus.CLOSED).exists()
        or NotAgain.objects.filter(mentee_id=mentee_id, mentor_id=choice.mentor_id).exists()
    ):
        return "Not to be matched with this mentee again."
    return ""


def _ask_next(request: MentorRequest, *, now: datetime, program: ProgramSettings, after: Choice | None = None):
    """Ask the next waiting choice whose mentor can still take a mentee, passing over those who cannot;
    with none left, the request is exhausted. ``after``: the choice that just ended, which the mentee
    hears of with the name of the next one asked. Returns the choice asked, or None.

    A mentee matched otherwise meanwhile (the coordinator matched her by hand) needs no more answers: her
    request is closed as withdrawn, and nobody else is asked."""
    if Match.objects.open().filter(mentee_id=request.mentee_id).exists():
        request.choices.filter(status=ChoiceStatus.WAITING).update(status=ChoiceStatus.WITHDRAWN, answered_at=now)
        request.status, request.closed_at = RequestStatus.WITHDRAWN, now
        request.save(update_fields=["status", "closed_at"])
        return None
    for choice in request.choices.filter(status=ChoiceStatus.WAITING).select_related("mentor").order_by("position"):
        choice.request = request
        why = _unavailable(choice)
        if why:
            choice.status, choice.reason, choice.answered_at = ChoiceStatus.PASSED, why, now
            choice.save(update_fields=["status", "reason", "answered_at"])
            continue
        choice.status, choice.asked_at = ChoiceStatus.ASKED, now
        choice.deadline = now + timedelta(days=program.request_answer_days)
        choice.save(update_fields=["status", "asked_at", "deadline"])
        _asked(choice, program)
        if after is not None:
            _answered(
                request.mentee,
                text=f"{after.mentor.name} cannot take you on now; we asked your next choice, {choice.mentor.name}.",
                key=f"requests.passed-on:{after.pk}",
                email=emails.passed_on(after, choice, program=program),
            )
        return choice
    request.status, request.closed_at = RequestStatus.EXHAUSTED, now
    request.save(update_fields=["status", "closed_at"])
    _answered(
        request.mentee,
        text="None of the mentors you asked can take on a new mentee now; the coordinator will help you.",
        key=f"requests.exhausted:{request.pk}",
        email=emails.exhausted(request, program=program),
    )
    return None


@dataclass
class Answer:
    """What came of a mentor's answer: ``done`` (False: it was answered or closed already), the match an
    acceptance made, or ``problem``: why the acceptance could not make one (the request passed on)."""

    done: bool
    match: Match | None = None
    problem: str = ""


def choice_accept(*, choice_id: int, by: User, now: datetime | None = None) -> Answer:
    """The asked mentor (or the coordinator for them) accepts: the match is made and published as
    publishing does (introductions, history, check-ins from the next month), under the matching lock and
    the mentor's capacity. When the mentor's last place went meanwhile (another acceptance, a coordinator's
    match), this acceptance makes no match: the choice is passed over and the mentee's next choice asked.
    Answering twice does nothing the second time."""
    now = now or timezone.now()
    with transaction.atomic():
        matching_lock()
        choice = (
            Choice.objects.select_for_update(of=("self",))
            .select_related("request__mentee", "mentor")
            .filter(pk=choice_id)
            .first()
        )
        if choice is None:
            return Answer(done=False)
        if choice.status != ChoiceStatus.ASKED:
            # Passed over meanwhile (another acceptance filled the mentor): the reason says so.
            return Answer(done=False, problem=choice.reason if choice.status == ChoiceStatus.PASSED else "")
        request = MentorRequest.objects.select_for_update().get(pk=choice.request_id)
        program = ProgramSettings.load()
        note = f"Requested by {request.mentee.name} (choice {choice.position}); accepted by {by.name}."
        try:
            with transaction.atomic():
                match = match_from_request(mentee=request.mentee, mentor=choice.mentor, by=by, note=note)
        except MatchError as exc:
            choice.status, choice.reason, choice.answered_at, choice.answered_by = (
                ChoiceStatus.PASSED,
                str(exc)[:500],
                now,
                by,
            )
            choice.save(update_fields=["status", "reason", "answered_at", "answered_by"])
            _ask_next(request, now=now, program=program, after=choice)
            return Answer(done=True, problem=str(exc))
        choice.status, choice.answered_at, choice.answered_by = ChoiceStatus.ACCEPTED, now, by
        choice.save(update_fields=["status", "answered_at", "answered_by"])
        request.choices.filter(status=ChoiceStatus.WAITING).update(status=ChoiceStatus.WITHDRAWN)
        request.status, request.closed_at, request.match, request.closed_by = RequestStatus.MATCHED, now, match, by
        request.save(update_fields=["status", "closed_at", "match", "closed_by"])
        _answered(
            request.mentee,
            text=f"{choice.mentor.name} accepted your request: you are matched. Your introduction is in your e-mail.",
            key=f"requests.accepted:{choice.pk}",
        )
        _pass_on_if_full(choice.mentor, now=now, program=program)
        return Answer(done=True, match=match)


def _pass_on_if_full(mentor: User, *, now: datetime, program: ProgramSettings) -> None:
    """When the mentor has no place left, the other requests waiting for them pass to their next choice."""
    capacity = Profile.objects.filter(user=mentor).values_list("capacity", flat=True).first() or 0
    taken = Match.objects.open().filter(mentor=mentor).count()
    if taken < capacity:
        return
    full = f"{mentor} is full: {taken} of {capacity} places taken."
    for other in Choice.objects.select_for_update().filter(mentor=mentor, status=ChoiceStatus.ASKED):
        other.status, other.reason, other.answered_at = ChoiceStatus.PASSED, full, now
        other.save(update_fields=["status", "reason", "answered_at"])
        request = MentorRequest.objects.select_for_update().get(pk=other.request_id)
        _ask_next(request, now=now, program=program, after=other)


@transaction.atomic
def choice_decline(*, choice_id: int, by: User, reason: str = "", now: datetime | None = None) -> bool:
    """The asked mentor (or the coordinator for them) declines, with a reason for the coordinator; the
    request passes to the next choice. False when it was no longer waiting for this answer."""
    now = now or timezone.now()
    matching_lock()
    choice = Choice.objects.select_for_update(of=("self",)).select_related("mentor").filter(pk=choice_id).first()
    if choice is None or choice.status != ChoiceStatus.ASKED:
        return False
    request = MentorRequest.objects.select_for_update().select_related("mentee").get(pk=choice.request_id)
    choice.status, choice.reason, choice.answered_at, choice.answered_by = (
        ChoiceStatus.DECLINED,
        (reason or "").strip()[:500],
        now,
        by,
    )
    choice.save(update_fields=["status", "reason", "answered_at", "answered_by"])
    _ask_next(request, now=now, program=ProgramSettings.load(), after=choice)
    return True


def requests_expire(*, now: datetime | None = None) -> int:
    """Pass every request whose mentor did not answer by the deadline to the next choice (the beat job).

    Each choice is claimed with a conditional update in its own transaction, so two runs at once (or a
    retried task) pass a request on exactly once. Returns how many expired."""
    now = now or timezone.now()
    program = ProgramSettings.load()
    expired = 0
    for pk in list(Choice.objects.filter(status=ChoiceStatus.ASKED, deadline__lt=now).values_list("pk", flat=True)):
        with transaction.atomic():
            matching_lock()
            claimed = Choice.objects.filter(pk=pk, status=ChoiceStatus.ASKED, deadline__lt=now).update(
                status=ChoiceStatus.EXPIRED, answered_at=now
            )
            if not claimed:
                continue
            choice = Choice.objects.select_related("mentor").get(pk=pk)
            request = MentorRequest.objects.select_for_update().select_related("mentee").get(pk=choice.request_id)
            _ask_next(request, now=now, program=program, after=choice)
            expired += 1
    return expired


@transaction.atomic
def request_withdraw(*, request_id: int, by: User, now: datetime | None = None) -> bool:
    """The mentee or the coordinator withdraws an open request; its asked and waiting choices are
    withdrawn too (the asked mentor's link then says so). False when it was not open."""
    now = now or timezone.now()
    matching_lock()
    request = (
        MentorRequest.objects.select_for_update(of=("self",)).select_related("mentee").filter(pk=request_id).first()
    )
    if request is None or request.status != RequestStatus.OPEN:
        return False
    asked = list(request.choices.filter(status=ChoiceStatus.ASKED).select_related("mentor"))
    request.choices.filter(status__in=[ChoiceStatus.WAITING, ChoiceStatus.ASKED]).update(
        status=ChoiceStatus.WITHDRAWN, answered_at=now
    )
    request.status, request.closed_at, request.closed_by = RequestStatus.WITHDRAWN, now, by
    request.save(update_fields=["status", "closed_at", "closed_by"])
    # The mentor whose turn it was hears that no answer is needed (those still waiting were never asked).
    program = ProgramSettings.load()
    for choice in asked:
        choice.request = request
        notify(
            choice.mentor,
            "requests.withdrawn",
            text=f"{request.mentee.name}'s request was withdrawn: you no longer need to answer it.",
            url=reverse("requests:incoming"),
            key=f"requests.withdrawn:{choice.pk}",
            email=emails.withdrawn(choice, program=program),
        )
    return True
