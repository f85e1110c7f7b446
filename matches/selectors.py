"""Reading matches: the partnerships of a person and the coordinator's drafts, for the pages; and
the program as the plain data that scoring and assignment take."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from core.ids import id_or_none
from profiles.models import Profile, ProgramSettings, Topic, User

from . import scoring
from .models import CloseReason, Match, MatchStatus, ProposalRun, RunStatus

# Partnerships and drafts, for the pages -------------------------------------------------------------


def partners_of(user: User, *, profiles: bool = False) -> list[tuple[Match, User]]:
    """The user's active matches, oldest first, each with the partner; with ``profiles``, the partners'
    profiles and disciplines come in the same query (``partner.profile``)."""
    people = ["mentor__profile__discipline", "mentee__profile__discipline"] if profiles else ["mentor", "mentee"]
    matches = Match.objects.active().involving(user).select_related(*people).order_by("started_at")
    return [(match, match.partner_of(user)) for match in matches]


def past_partners_of(user: User, *, limit: int = 5) -> list[tuple[Match, User]]:
    """The user's closed matches, the latest ``limit`` first, each with the partner."""
    matches = (
        Match.objects.filter(status=MatchStatus.CLOSED)
        .involving(user)
        .select_related("mentor", "mentee")
        .order_by("-closed_at")[:limit]
    )
    return [(match, match.partner_of(user)) for match in matches]


def approved_mentee(user_id: int) -> Profile | None:
    """The approved mentee's profile, with their user and discipline, for the page of their suggestions."""
    return Profile.objects.approved().mentees().select_related("user", "discipline").filter(user_id=user_id).first()


def open_match_of(mentee: User) -> Match | None:
    """The mentee's proposed or active match, with its mentor."""
    return Match.objects.open().filter(mentee=mentee).select_related("mentor").first()


def match_with_people(pk: int) -> Match | None:
    return Match.objects.filter(pk=pk).select_related("mentor", "mentee").first()


def drafts(*, oldest_first: bool = False):
    """The proposed matches with both people: the best score first, or in the order they were proposed."""
    order = ("created_at", "pk") if oldest_first else ("-score", "pk")
    return Match.objects.proposed().select_related("mentor", "mentee").order_by(*order)


def recently_started(*, limit: int = 20):
    """The latest ``limit`` active matches to start, with both people."""
    return Match.objects.active().select_related("mentor", "mentee").order_by("-started_at")[:limit]


def active_count() -> int:
    return Match.objects.active().count()


def proposed_count() -> int:
    return Match.objects.proposed().count()


def proposal_running() -> ProposalRun | None:
    """A bulk proposal queued or running, unless it has been at it longer than a task may (its worker was lost)."""
    since = timezone.now() - timedelta(seconds=2 * settings.CELERY_TASK_TIME_LIMIT)
    return ProposalRun.objects.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING], created_at__gt=since).first()


def proposal_finished(pk) -> ProposalRun | None:
    """The finished bulk proposal ``pk`` (as the workspace's query parameter gives it), or None."""
    run_id = id_or_none(pk)
    if run_id is None:
        return None
    return ProposalRun.objects.filter(pk=run_id, status=RunStatus.DONE).first()


# The program for scoring and assignment ----------------------------------------------------------------


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


def workplace_culture_topics() -> set[int]:
    return set(Topic.objects.filter(workplace_culture=True).values_list("pk", flat=True))


# The profile's fields that mentors and mentees are both scored on (``_scored`` reads them), with the pk.
_PROFILE_FIELDS = [
    "user_id",
    "pk",
    "discipline_id",
    "channels",
    "city",
    "languages",
    "meeting_frequency",
    "availability_slots",
    "contact_time_slots",
]


def _scored(read: Callable[[str], Any]) -> dict[str, Any]:
    """What mentors and mentees are both scored on, ``read(field)`` from a profile or from a ``values()`` row."""
    return {
        "id": read("user_id"),
        "discipline": read("discipline_id"),
        "channels": frozenset(read("channels")),
        "city": read("city"),
        "languages": frozenset(read("languages")),
        "frequency": read("meeting_frequency"),
        "availability": frozenset(read("availability_slots")),
        "contact_times": frozenset(read("contact_time_slots")),
    }


def mentor_data(profile: Profile, culture_topics: set[int] | None = None) -> scoring.Mentor:
    culture = workplace_culture_topics() if culture_topics is None else culture_topics
    expertise = frozenset(t.pk for t in profile.expertise.all())
    return scoring.Mentor(
        **_scored(partial(getattr, profile)),
        expertise=expertise,
        years=profile.years_experience,
        workplace_culture=bool(expertise & culture),
        capacity=profile.capacity or 0,
        active=getattr(profile, "taken", 0),
    )


def mentee_data(profile: Profile) -> scoring.Mentee:
    return scoring.Mentee(
        **_scored(partial(getattr, profile)),
        wanted=frozenset(t.pk for t in profile.focus_areas.all()),
        category=profile.category,
    )


@dataclass
class Suggestions:
    """One mentee's mentors with a free place: those allowed, best first; those excluded, with why."""

    allowed: list[tuple[Profile, scoring.Score]]
    excluded: list[tuple[Profile, scoring.Score]]
    not_again: list[Profile]


def suggestions_for(mentee_profile: Profile, limit: int = 5, *, discipline_required: bool | None = None) -> Suggestions:
    """The mentors with a free place who suit this mentee best (M2), and apart, those a requirement excludes (M7).

    Equal scores are ordered by the mentor's share of free places (the tie-breaker), then by name. Every mentor
    is scored at once as plain data (``scoring.score_matrix``, as the bulk proposal does); only the few shown
    are read as profiles and scored again with their reasons.
    """
    if discipline_required is None:
        discipline_required = ProgramSettings.load().discipline_required
    mentee = mentee_data(mentee_profile)
    forbidden = {mentor for mentee_id, mentor in forbidden_pairs() if mentee_id == mentee.id}
    rows, mentors = _mentors_as_data(exclude_user=mentee.id)
    totals, unchecked = [], []
    if mentors:
        tables = scoring.prepare(mentors, [mentee], discipline_required=discipline_required)
        totals, unchecked = (scoring.score_rows(tables, 0, 1, requirements=check)[0] for check in (True, False))
    allowed, excluded, not_again = [], [], []
    for row, mentor, total, would_be in zip(rows, mentors, totals, unchecked, strict=True):
        if mentor.id in forbidden:
            not_again.append(row["pk"])
        elif total == scoring.EXCLUDED:  # listed by the score it would have had
            excluded.append(((-int(would_be), row["name"]), row["pk"], mentor))
        else:
            free_share = (mentor.capacity - mentor.active) / mentor.capacity
            allowed.append(((-int(total), -free_share, row["name"]), row["pk"], mentor))
    allowed.sort(key=lambda item: item[0])
    excluded.sort(key=lambda item: item[0])
    shown_allowed, shown_excluded = allowed[:limit], excluded[:limit]
    profiles = (
        mentors_with_load().filter(pk__in=[pk for _, pk, _ in shown_allowed + shown_excluded] + not_again).in_bulk()
    )
    names = topic_names()
    return Suggestions(
        allowed=[
            (profiles[pk], scoring.score_pair(mentor, mentee, names, discipline_required=discipline_required))
            for _, pk, mentor in shown_allowed
        ],
        excluded=[
            (profiles[pk], scoring.score_pair(mentor, mentee, names, discipline_required=discipline_required))
            for _, pk, mentor in shown_excluded
        ],
        not_again=sorted((profiles[pk] for pk in not_again), key=lambda p: p.user.name),
    )


@dataclass
class ProgramData:
    """Everything the bulk proposal reads, as plain data: rows are mentees, columns mentors."""

    mentees: list[scoring.Mentee]
    mentors: list[scoring.Mentor]
    rematching: list[bool]
    waiting_since: list  # datetime per mentee
    forbidden: set[tuple[int, int]]  # (row, column)
    discipline_required: bool


def program_for_proposal() -> ProgramData:
    """Waiting mentees and mentors with a free place, read in a handful of queries (no model instances)."""
    mentee_rows = list(
        waiting_mentees()
        .prefetch_related(None)
        .select_related(None)
        .values(*_PROFILE_FIELDS, "category", "rematching", "reviewed_at", "submitted_at")
    )
    _, mentors = _mentors_as_data()
    focus = _topics_of(Profile.focus_areas.through, [row["pk"] for row in mentee_rows])

    mentees = [
        scoring.Mentee(
            **_scored(row.__getitem__),
            wanted=frozenset(focus[row["pk"]]),
            category=row["category"],
        )
        for row in mentee_rows
    ]
    row_of = {m.id: i for i, m in enumerate(mentees)}
    column_of = {m.id: j for j, m in enumerate(mentors)}
    forbidden = {
        (row_of[mentee], column_of[mentor])
        for mentee, mentor in forbidden_pairs()
        if mentee in row_of and mentor in column_of
    }
    return ProgramData(
        mentees=mentees,
        mentors=mentors,
        rematching=[row["rematching"] for row in mentee_rows],
        waiting_since=[row["reviewed_at"] or row["submitted_at"] for row in mentee_rows],
        forbidden=forbidden,
        discipline_required=ProgramSettings.load().discipline_required,
    )


def _mentors_as_data(*, exclude_user: int | None = None) -> tuple[list[dict], list[scoring.Mentor]]:
    """Mentors with a free place as plain data, in two queries: their rows (pk, name...) and scoring's view."""
    rows = [
        row
        for row in mentors_with_load()
        .exclude(user_id=exclude_user)
        .prefetch_related(None)
        .select_related(None)
        .values(*_PROFILE_FIELDS, "years_experience", "capacity", "taken", name=F("user__name"))
        if (row["capacity"] or 0) > row["taken"]
    ]
    culture = workplace_culture_topics()
    expertise = _topics_of(Profile.expertise.through, [row["pk"] for row in rows])
    mentors = [
        scoring.Mentor(
            **_scored(row.__getitem__),
            expertise=frozenset(expertise[row["pk"]]),
            years=row["years_experience"],
            workplace_culture=bool(expertise[row["pk"]] & culture),
            capacity=row["capacity"] or 0,
            active=row["taken"],
        )
        for row in rows
    ]
    return rows, mentors


def _topics_of(through, profile_pks: list[int]) -> defaultdict[int, set[int]]:
    topics: defaultdict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(profile_pks):
        for profile_id, topic_id in through.objects.filter(profile_id__in=chunk).values_list("profile_id", "topic_id"):
            topics[profile_id].add(topic_id)
    return topics


def _chunks(items, size=5000):
    for start in range(0, len(items), size):
        yield items[start : start + size]
