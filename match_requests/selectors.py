"""Reading requests: a mentee's suggestions and request, a mentor's requests to answer, the coordinator's list."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q

from matches import scoring
from matches.models import Match
from matches.selectors import suggestions_for
from profiles.models import Profile, ProgramSettings, Role, Status, User

from .models import Choice, ChoiceStatus, MentorRequest, RequestStatus


@dataclass
class Suggested:
    """A mentor suggested to a mentee: their card's profile and the score's reasons in plain words."""

    profile: Profile
    score: scoring.Score


def requester_profile(user: User) -> Profile | None:
    """The approved mentee's profile (with her topics), or None for anyone else."""
    if not user.is_authenticated:
        return None
    return (
        Profile.objects.filter(user=user, role=Role.MENTEE, status=Status.APPROVED)
        .select_related("user", "discipline")
        .prefetch_related("focus_areas")
        .first()
    )


def suggested_for(profile: Profile, program: ProgramSettings | None = None) -> list[Suggested]:
    """Up to the program's number of mentors with a free place for this mentee, best first (M8): only
    pairs meeting the requirements (M7), never a former partner or a pair not to meet again (M9)."""
    program = program or ProgramSettings.load()
    found = suggestions_for(profile, limit=program.suggestions_shown, discipline_required=program.discipline_required)
    return [Suggested(profile=p, score=s) for p, s in found.allowed]


def may_choose(profile: Profile | None) -> bool:
    """Whether this mentee may send a request now: waiting, without an open match."""
    return bool(
        profile and profile.looking_for_mentor and not Match.objects.open().filter(mentee_id=profile.user_id).exists()
    )


def _with_choices(queryset):
    return queryset.prefetch_related(
        Prefetch("choices", queryset=Choice.objects.select_related("mentor", "answered_by").order_by("position"))
    )


def open_request_of(mentee: User) -> MentorRequest | None:
    return _with_choices(MentorRequest.objects.filter(mentee=mentee, status=RequestStatus.OPEN)).first()


def latest_request_of(mentee: User) -> MentorRequest | None:
    return _with_choices(MentorRequest.objects.filter(mentee=mentee)).first()


def asked_of(mentor: User):
    """The requests waiting for this mentor's answer, the nearest deadline first."""
    return (
        Choice.objects.filter(mentor=mentor, status=ChoiceStatus.ASKED)
        .select_related("request__mentee__profile__discipline")
        .order_by("deadline", "pk")
    )


def asked_count(mentor: User) -> int:
    return Choice.objects.filter(mentor=mentor, status=ChoiceStatus.ASKED).count()


def open_requests():
    """Every open request with its choices, the nearest deadline first (the coordinator's list)."""
    return _with_choices(MentorRequest.objects.filter(status=RequestStatus.OPEN).select_related("mentee")).order_by(
        "created_at", "pk"
    )


def exhausted_requests(limit: int = 20):
    """The latest requests no choice could take, for the coordinator to match by hand."""
    return _with_choices(
        MentorRequest.objects.filter(status=RequestStatus.EXHAUSTED).select_related("mentee")
    ).order_by("-closed_at")[:limit]


def waiting_count() -> int:
    """How many requests wait for a mentor's answer (the dashboard's figure)."""
    return MentorRequest.objects.filter(status=RequestStatus.OPEN).count()


def places_held() -> list[tuple[int, int]]:
    """(mentee id, mentor id) of each place a request holds while its mentor is asked (for matches'
    bulk proposal, ``matches.selectors.PLACE_HOLDERS``)."""
    return list(Choice.objects.filter(status=ChoiceStatus.ASKED).values_list("request__mentee_id", "mentor_id"))


def mentor_card(mentor_id: int) -> Profile | None:
    """An approved mentor's profile as their card shows it."""
    return (
        Profile.objects.filter(user_id=mentor_id, role=Role.MENTOR, status=Status.APPROVED)
        .select_related("user", "discipline")
        .prefetch_related("expertise")
        .first()
    )


def card_missing(profile: Profile) -> list[str]:
    """What a mentor's card lacks that mentees choose by (the completeness hint)."""
    missing = []
    if len((profile.bio or "").strip()) < 80:
        missing.append("a bio of a few sentences: what you do, what you enjoy helping with")
    if not profile.photo:
        missing.append("a photo (optional, but mentees find a face easier to write to)")
    if not profile.expertise.exists():
        missing.append("your areas of expertise (ask the coordinator to add them)")
    if not profile.languages:
        missing.append("the languages you speak")
    if not profile.user.called.strip():
        missing.append("the name to call you by")
    return missing


def mentee_asked_mentor(mentee: User, mentor_id: int) -> bool:
    return Choice.objects.filter(request__mentee=mentee, mentor_id=mentor_id).exists()


def partners(a: User, b_id: int) -> bool:
    return Match.objects.active().filter(Q(mentee=a, mentor_id=b_id) | Q(mentor=a, mentee_id=b_id)).exists()
