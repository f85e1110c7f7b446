"""Reading the program into the plain data that scoring and assignment take."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q

from profiles.models import Profile, Topic

from . import scoring
from .models import CloseReason, Match, MatchStatus


def waiting_mentees():
    """Approved mentees waiting for a mentor, without an open match; those re-matching after "not a fit"
    first (M6). A mentee whose partnership ended otherwise waits only after asking for a new mentor."""
    had_misfit = Match.objects.filter(
        mentee=OuterRef("user"), status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT
    )
    has_open = Match.objects.open().filter(mentee=OuterRef("user"))
    return (
        Profile.objects.approved()
        .mentees()
        .filter(looking_for_mentor=True)
        .annotate(rematching=Exists(had_misfit), has_open=Exists(has_open))
        .filter(has_open=False)
        .select_related("user", "discipline")
        .prefetch_related("focus_areas")
        .order_by("-rematching", "reviewed_at", "submitted_at", "pk")
    )


def mentors_with_load():
    """Approved mentors taking new mentees, with how many places their active and proposed matches take."""
    return (
        Profile.objects.approved()
        .mentors()
        .filter(open_to_mentees=True)
        .annotate(
            taken=Count(
                "user__mentor_matches",
                filter=Q(user__mentor_matches__status__in=[MatchStatus.ACTIVE, MatchStatus.PROPOSED]),
            )
        )
        .select_related("user", "discipline")
        .prefetch_related("expertise")
        .order_by("user__name")
    )


def mentors_with_free_places():
    """Approved mentors whose active and proposed matches leave a free place, with ``taken``."""
    return mentors_with_load().filter(taken__lt=F("capacity"))


def forbidden_pairs() -> set[tuple[int, int]]:
    """(mentee id, mentor id) of every pair that ended as "not a fit": never proposed again."""
    return set(
        Match.objects.filter(status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT).values_list(
            "mentee_id", "mentor_id"
        )
    )


def topic_names() -> dict[int, str]:
    return dict(Topic.objects.values_list("pk", "name"))


def mentor_data(profile: Profile) -> scoring.Mentor:
    return scoring.Mentor(
        id=profile.user_id,
        discipline=profile.discipline_id,
        expertise=frozenset(t.pk for t in profile.expertise.all()),
        channels=frozenset(profile.channels),
        city=profile.city,
        languages=frozenset(lang.casefold() for lang in profile.languages),
        frequency=profile.meeting_frequency,
        capacity=profile.capacity or 0,
        active=getattr(profile, "taken", 0),
    )


def mentee_data(profile: Profile, names: dict[int, str]) -> scoring.Mentee:
    goals = profile.goals.casefold()
    named_in_goals = {pk for pk, name in names.items() if name.casefold() in goals}
    return scoring.Mentee(
        id=profile.user_id,
        discipline=profile.discipline_id,
        wanted=frozenset({t.pk for t in profile.focus_areas.all()} | named_in_goals),
        channels=frozenset(profile.channels),
        city=profile.city,
        languages=frozenset(lang.casefold() for lang in profile.languages),
        frequency=profile.meeting_frequency,
    )


def suggestions_for(mentee_profile: Profile, limit: int = 5) -> list[tuple[Profile, scoring.Score]]:
    """The mentors with a free place who suit this mentee best, best first, with reasons (M2)."""
    names = topic_names()
    mentee = mentee_data(mentee_profile, names)
    forbidden = {mentor for mentee_id, mentor in forbidden_pairs() if mentee_id == mentee.id}
    ranked = []
    for profile in mentors_with_load():
        mentor = mentor_data(profile)
        if mentor.free <= 0 or mentor.id in forbidden or mentor.id == mentee.id:
            continue
        ranked.append((profile, scoring.score_pair(mentor, mentee, names)))
    ranked.sort(key=lambda item: (-item[1].total, item[0].user.name))
    return ranked[:limit]

