"""Reading matches: the partnerships of a person and the coordinator's drafts, for the pages; and
the program as the plain data that scoring and assignment take."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cache, partial
from typing import Any

from django.conf import settings
from django.db.models import BooleanField, Case, CharField, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from core.ids import id_or_none
from profiles.models import Profile, ProgramSettings, Topic, User

from . import pool, scoring
from .models import CloseReason, Match, MatchEvent, MatchStatus, NotAgain, ProposalRun, RunStatus

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
    return (
        Profile.objects.approved()
        .mentees()
        .select_related("user", "discipline")
        .prefetch_related("focus_areas")
        .filter(user_id=user_id)
        .first()
    )


MENTORS_FOUND = 20  # mentors listed at a time when the coordinator picks one by hand


def mentors_found(query: str) -> list[Profile]:
    """Approved mentors whose name or e-mail contains ``query``, by name: the first ``MENTORS_FOUND``, and one
    more when there are more (the page says so)."""
    return list(
        Profile.objects.approved()
        .mentors()
        .filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
        .select_related("user", "discipline")
        .order_by("user__name", "pk")[: MENTORS_FOUND + 1]
    )


def open_match_of(mentee: User) -> Match | None:
    """The mentee's proposed or active match, with its mentor."""
    return Match.objects.open().filter(mentee=mentee).select_related("mentor").first()


def match_with_people(pk: int) -> Match | None:
    return Match.objects.filter(pk=pk).select_related("mentor", "mentee").first()


def drafts(*, oldest_first: bool = False):
    """The proposed matches with both people: the best score first, or in the order they were proposed.
    ``paired_before``: the two were matched before (M9), which the workspace says."""
    order = ("created_at", "pk") if oldest_first else ("-score", "pk")
    before = Match.objects.filter(status=MatchStatus.CLOSED, mentee=OuterRef("mentee"), mentor=OuterRef("mentor"))
    return (
        Match.objects.proposed()
        .annotate(paired_before=Exists(before))
        .select_related("mentor", "mentee")
        .order_by(*order)
    )


def recently_started(*, limit: int = 20):
    """The latest ``limit`` active matches to start, with both people."""
    return Match.objects.active().select_related("mentor", "mentee").order_by("-started_at")[:limit]


def recently_started_kept(*, limit: int = 20) -> list[Any]:  # named rows
    """``recently_started`` as the workspace shows it, rows of (pk, mentee_name, mentor_name, started_at), kept
    between requests as the active count is (``pool``): a match made or changed, or a name changed, replaces
    the token."""
    return pool.recently_started(
        limit,
        lambda: list(
            Match.objects.active()
            .order_by("-started_at")
            .values_list("pk", "mentee__name", "mentor__name", "started_at", named=True)[:limit]
        ),
    )


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
    first (M6). A mentee whose partnership ended otherwise waits only after asking for a new mentor.

    A re-matcher is one whose *latest* partnership ended as "not a fit": one who has since completed
    another is ranked as anyone else (M9)."""
    last_ending = (
        Match.objects.filter(mentee=OuterRef("user"), status=MatchStatus.CLOSED)
        .order_by("-closed_at", "-pk")
        .values("close_reason")[:1]
    )
    has_open = Match.objects.open().filter(mentee=OuterRef("user"))
    return (
        Profile.objects.approved()
        .mentees()
        .filter(looking_for_mentor=True)
        .alias(last_ending=Subquery(last_ending), has_open=Exists(has_open))  # read once each, in SQL only
        .annotate(
            rematching=Case(
                When(last_ending=CloseReason.NOT_A_FIT, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
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
        .order_by("user__name", "pk")  # equal names in the same order every time (the kept pool's pages)
    )


class Kept(Sequence):
    """Profiles by a kept list of their ids, read a page at a time (what the Paginator slices): those gone from
    ``queryset`` since the list was kept are left out of their page."""

    def __init__(self, pks: list[int], queryset):
        self.pks, self.queryset = pks, queryset

    def __len__(self) -> int:
        return len(self.pks)

    def __iter__(self):
        return iter(self[0 : len(self.pks)])

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        pks = self.pks[index]
        found = self._found(pks)
        return [found[pk] for pk in pks if pk in found]

    def _found(self, pks: list[int]) -> dict[int, Any]:
        return self.queryset.filter(pk__in=pks).in_bulk()


class KeptRows(Kept):
    """``Kept``, a page being rows of ``queryset`` (a ``values_list``, the pk first) rather than models: a page's
    24 models cost more to make than the page's query."""

    def _found(self, pks: list[int]) -> dict[int, Any]:
        return {row[0]: row for row in self.queryset.filter(pk__in=pks)}


class Counted(Sequence):
    """A queryset whose count is known (kept): the Paginator slices it without counting it again."""

    def __init__(self, queryset, count: int):
        self.queryset, self.known = queryset, count

    def __len__(self) -> int:
        return self.known

    def __getitem__(self, index):
        return self.queryset[index]


# What a page of each list reads, built once per process: a page filters or slices a copy of it (a queryset is
# copied by ``filter`` and slicing, never changed, and this one never evaluated), as building it afresh (its
# subqueries, aliases and annotations resolved) took about a tenth of the workspace's time.


@cache
def _waiting_shown():
    shown = waiting_mentees().select_related(None).prefetch_related(None).order_by()  # in the kept order
    return shown.values_list(
        "pk",
        "user_id",
        "user__name",
        "rematching",
        "category",
        "discipline__name",
        "reviewed_at",
        "submitted_at",
        named=True,
    )


@cache
def _mentors_shown():
    shown = mentors_with_free_places().select_related(None).prefetch_related(None).order_by()  # in the kept order
    return shown.values_list("pk", "user__name", "discipline__name", "taken", "capacity", named=True)


@cache
def _drafts_shown():
    return drafts()


def waiting_kept() -> KeptRows:
    """``waiting_mentees``, from the order kept between requests (``pool``): a page costs the same at any size.
    A page reads only what the workspace shows of them, as rows (``matches.templatetags.workspace_rows``)."""
    return KeptRows(pool.waiting_pool(waiting_mentees), _waiting_shown())


def mentors_free_kept() -> KeptRows:
    """``mentors_with_free_places``, from the mentors kept between requests (``pool``). A page reads only what
    the workspace shows of them, as rows (``matches.templatetags.workspace_rows``)."""
    return KeptRows(pool.mentor_pool(_mentors_as_data).pks, _mentors_shown())


def drafts_kept() -> Counted:
    """``drafts``, best first, counted once between requests (``pool``: every match made, changed or deleted,
    and the bulk proposal's insert, replace the token)."""
    return Counted(_drafts_shown(), pool.proposed_count(proposed_count))


def active_by_mentee_name_kept(queryset) -> Kept:
    """The active matches by the mentee's name (then id), from the order kept between requests (``pool``):
    a page reads only its own rows of ``queryset`` (active matches, as the page wants them)."""
    order = Match.objects.active().order_by("mentee__name", "pk").values_list("pk", flat=True)
    return Kept(pool.active_order(lambda: list(order)), queryset)


def active_count_kept() -> int:
    """``active_count``, kept between requests as the mentors are (``pool``)."""
    return pool.active_count(active_count)


def mentors_with_free_places():
    """Approved mentors whose active and proposed matches leave a free place, with ``taken``."""
    return mentors_with_load().filter(taken__lt=F("capacity"))


def forbidden_pairs() -> set[tuple[int, int]]:
    """(mentee id, mentor id) of every pair that ended as "not a fit" or that the coordinator marked
    "not again" (M9): never proposed, suggested or requested again, not even by hand."""
    misfits = Match.objects.filter(status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT)
    return set(misfits.values_list("mentee_id", "mentor_id")) | set(
        NotAgain.objects.values_list("mentee_id", "mentor_id")
    )


def former_pairs() -> set[tuple[int, int]]:
    """(mentee id, mentor id) of every pair whose partnership closed, however it ended: a mentee who asks
    for a new mentor is never proposed or suggested a former one (M9); the coordinator may still choose
    one by hand, after confirming."""
    return set(Match.objects.filter(status=MatchStatus.CLOSED).values_list("mentee_id", "mentor_id"))


def never_proposed_pairs() -> set[tuple[int, int]]:
    """The pairs no proposal or suggestion makes: forbidden ones and former partners (M9)."""
    return forbidden_pairs() | former_pairs()


def paired_before(mentee: User, mentor: User) -> Match | None:
    """The latest closed match of these two, if they were partners before."""
    return Match.objects.filter(status=MatchStatus.CLOSED, mentee=mentee, mentor=mentor).order_by("-closed_at").first()


def not_again_marks(mentee: User):
    """The pairs of this mentee the coordinator marked "not again", with the mentor."""
    return NotAgain.objects.filter(mentee=mentee).select_related("mentor").order_by("created_at")


# Places held outside matches ---------------------------------------------------------------------------
#
# A mentee's request waits for a mentor's answer in an app above this one (M8). The bulk proposal must
# leave that mentee to her request and count the place she asked for as taken; matches never imports
# the app that keeps requests, so that app registers a source here when it is ready (its AppConfig).
# Each source answers (mentee id, mentor id) of the places it holds.
PLACE_HOLDERS: list[Callable[[], Iterable[tuple[int, int]]]] = []


def held_places() -> list[tuple[int, int]]:
    """(mentee id, mentor id) of every place held for a mentee by something pending elsewhere."""
    return [pair for source in PLACE_HOLDERS for pair in source()]


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
    not_again: list[Profile]  # not a fit, or marked "not again": never, even by hand
    former: list[Profile]  # partners before: only by hand, after confirming (M9)


def suggestions_for(
    mentee_profile: Profile,
    limit: int = 5,
    *,
    discipline_required: bool | None = None,
    marked: Iterable[int] | None = None,
) -> Suggestions:
    """The mentors with a free place who suit this mentee best (M2), and apart, those a requirement excludes (M7),
    those never suggested again and former partners (M9).

    Equal scores are ordered by the mentor's share of free places (the tie-breaker), then by name. Every mentor
    is scored at once as plain data (``scoring.score_rows``), against the mentors with a free place this process
    keeps (``pool``); only the few shown are read as profiles and scored again with their reasons.

    ``marked``: the ids of the mentors this mentee's "not again" marks name, where the caller has read them
    already (the suggestions page lists the marks); else read here.
    """
    if discipline_required is None:
        discipline_required = ProgramSettings.load().discipline_required
    mentee = mentee_data(mentee_profile)
    # Never again (not a fit, or marked so) and former partners (M9): read for this mentee alone.
    closed = Match.objects.filter(mentee_id=mentee.id, status=MatchStatus.CLOSED).values_list(
        "mentor_id", "close_reason"
    )
    if marked is None:
        marked = NotAgain.objects.filter(mentee_id=mentee.id).values_list("mentor_id", flat=True)
    forbidden = set(marked)
    before = set()
    for mentor_id, reason in closed.order_by():
        before.add(mentor_id)
        if reason == CloseReason.NOT_A_FIT:
            forbidden.add(mentor_id)
    kept = pool.mentor_pool(_mentors_as_data)
    found = pool.ranked(
        kept, mentee, forbidden=forbidden, before=before, limit=limit, discipline_required=discipline_required
    )
    pk_of = kept.pks
    wanted = found.allowed + found.excluded + found.not_again + found.former
    # The page shows no mentor's expertise: their reasons come from the kept mentors.
    profiles = mentors_with_load().prefetch_related(None).filter(pk__in=[pk_of[i] for i in wanted]).in_bulk()
    names = pool.topic_names(topic_names)

    def scored(positions: list[int]) -> list[tuple[Profile, scoring.Score]]:
        return [
            (
                profiles[pk_of[i]],
                scoring.score_pair(kept.mentors[i], mentee, names, discipline_required=discipline_required),
            )
            for i in positions
            if pk_of[i] in profiles  # gone since the pool was read
        ]

    def listed(positions: list[int]) -> list[Profile]:
        return sorted((profiles[pk_of[i]] for i in positions if pk_of[i] in profiles), key=lambda p: p.user.name)

    return Suggestions(
        allowed=scored(found.allowed),
        excluded=scored(found.excluded),
        not_again=listed(found.not_again),
        former=listed(found.former),
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
    # A mentee whose request waits for a mentor's answer is left to it, and that place counts as taken (M8).
    held = held_places()
    held_mentees = {mentee for mentee, _ in held}
    held_at = Counter(mentor for _, mentor in held)
    mentee_rows = [
        row
        for row in waiting_mentees()
        .prefetch_related(None)
        .select_related(None)
        .values(*_PROFILE_FIELDS, "category", "rematching", "reviewed_at", "submitted_at")
        if row["user_id"] not in held_mentees
    ]
    _, free_mentors = _mentors_as_data()
    mentors = [
        replace(mentor, active=mentor.active + held_at[mentor.id]) if mentor.id in held_at else mentor
        for mentor in free_mentors
        if mentor.capacity > mentor.active + held_at.get(mentor.id, 0)
    ]
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
        for mentee, mentor in never_proposed_pairs()
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


# The program year in figures (R1): one query per family of figures, whatever the program's size ------


@dataclass(frozen=True)
class Started:
    """A partnership that started in the period, as the year's figures need it (no names)."""

    started_at: datetime
    closed_at: datetime | None
    close_reason: str
    category: str  # the mentee's category
    discipline: str  # the mentee's discipline
    approved_at: datetime | None  # when the mentee's application was approved
    previous_closed_at: datetime | None  # when the mentee's previous partnership closed: a re-match


def started_in(start_at, end_at) -> list[Started]:
    """Partnerships started from ``start_at`` up to ``end_at``, with their mentee's category and discipline,
    the approval of the mentee and the close of the mentee's previous partnership. One query."""
    previous = (
        Match.objects.filter(mentee=OuterRef("mentee"), closed_at__isnull=False, closed_at__lte=OuterRef("started_at"))
        .exclude(pk=OuterRef("pk"))
        .order_by("-closed_at")
        .values("closed_at")[:1]
    )
    rows = (
        Match.objects.filter(started_at__gte=start_at, started_at__lt=end_at)
        .annotate(previous_closed_at=Subquery(previous))
        .values_list(
            "started_at",
            "closed_at",
            "close_reason",
            "mentee__profile__category",
            "mentee__profile__discipline__name",
            "mentee__profile__reviewed_at",
            "previous_closed_at",
        )
        .order_by()
    )
    return [Started(*row) for row in rows]


@dataclass(frozen=True)
class Closed:
    """A partnership closed in the period (no names)."""

    match_id: int
    started_at: datetime
    closed_at: datetime
    close_reason: str
    category: str
    discipline: str


def closed_in(start_at, end_at) -> list[Closed]:
    """Partnerships closed from ``start_at`` up to ``end_at`` (proposals withdrawn before they started
    aside), with their mentee's category and discipline. One query."""
    rows = (
        Match.objects.filter(
            status=MatchStatus.CLOSED, closed_at__gte=start_at, closed_at__lt=end_at, started_at__isnull=False
        )
        .values_list(
            "pk",
            "started_at",
            "closed_at",
            "close_reason",
            "mentee__profile__category",
            "mentee__profile__discipline__name",
        )
        .order_by()
    )
    return [Closed(*row) for row in rows]


def active_at(moment) -> int:
    """Partnerships going at ``moment``: started before it, not closed by then. One query."""
    return (
        Match.objects.filter(started_at__lt=moment)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=moment))
        .exclude(status=MatchStatus.PROPOSED)
        .count()
    )


CLOSERS = {
    "mentor": "The mentor",
    "mentee": "The mentee",
    "coordinator": "A coordinator",
    "nobody": "No one (automatic)",
}


def closed_by_in(start_at, end_at) -> dict[str, int]:
    """Who closed the partnerships closed in the period: {"mentor", "mentee", "coordinator", "nobody"}.
    One query over the matches' histories."""
    who = Case(
        When(actor__isnull=True, then=Value("nobody")),
        When(actor=F("match__mentor"), then=Value("mentor")),
        When(actor=F("match__mentee"), then=Value("mentee")),
        default=Value("coordinator"),
        output_field=CharField(),
    )
    found = dict(
        MatchEvent.objects.filter(
            to_status=MatchStatus.CLOSED, at__gte=start_at, at__lt=end_at, match__started_at__isnull=False
        )
        .annotate(who=who)
        .values_list("who")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {key: found.get(key, 0) for key in CLOSERS}


def mentors_returning(previous_start_at, start_at, end_at) -> int:
    """Mentors with a partnership going in the period who also had one going in the year before it
    (from ``previous_start_at`` up to ``start_at``). One query."""

    def going(since, until):
        return Match.objects.filter(started_at__lt=until).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))

    before = going(previous_start_at, start_at).filter(mentor=OuterRef("mentor"))
    return going(start_at, end_at).filter(Exists(before)).values("mentor").distinct().count()
