"""Everything in matches that writes or e-mails: proposing, publishing, dropping and closing."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import timedelta

import numpy as np
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from outbox.services import email_queue
from profiles.models import Profile, ProgramSettings, Role, Status, User

from . import emails, scoring, selectors
from .assignment import best_assignment
from .models import CloseReason, Match, MatchEvent, MatchStatus, NotAgain, ProposalRun, RunStatus
from .pool import pool_changed

DEFAULT_MIN_SCORE = 40
# Mentees scored at once: about 4,000 mentors × 512 mentees of floats at a time.
SCORING_BLOCK = 512
# The advisory lock every proposer takes (any fixed number; this one spells "match").
MATCHING_LOCK = 0x6D61746368
BULK_NOTE = "Bulk proposal"


class MatchError(Exception):
    """A change the program's rules do not allow; the message says why, for the coordinator."""


def _record(match: Match, *, actor: User | None, from_status: str, to_status: str, reason: str = "", note: str = ""):
    MatchEvent.objects.create(
        match=match, actor=actor, from_status=from_status, to_status=to_status, reason=reason, note=note
    )


def _check_pair(mentee: User, mentor: User) -> None:
    if mentee.pk == mentor.pk:
        raise MatchError("A person cannot be matched with themself.")
    roles = {p.user_id: p for p in Profile.objects.filter(user__in=[mentee, mentor], status=Status.APPROVED)}
    if getattr(roles.get(mentor.pk), "role", None) != Role.MENTOR:
        raise MatchError(f"{mentor} is not an approved mentor.")
    if getattr(roles.get(mentee.pk), "role", None) != Role.MENTEE:
        raise MatchError(f"{mentee} is not an approved mentee.")
    if Match.objects.filter(
        mentee=mentee, mentor=mentor, status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT
    ).exists():
        raise MatchError(f"{mentee} and {mentor} were matched before and it was not a fit.")
    if NotAgain.objects.filter(mentee=mentee, mentor=mentor).exists():
        raise MatchError(f"{mentee} and {mentor} are marked not to be matched again.")


def _paired_before_note(mentee: User, mentor: User) -> str:
    """What the history says of an earlier partnership of these two, or "" when there was none."""
    earlier = selectors.paired_before(mentee, mentor)
    if earlier is None:
        return ""
    when = f" in {earlier.closed_at:%B %Y}" if earlier.closed_at else ""
    return f"Paired before (ended{when}: {earlier.get_close_reason_display().lower()})"


class RequirementsNotMet(MatchError):
    """The pair fails a requirement (M7), or its two people were partners before (M9); the coordinator may
    still propose it after confirming. ``unmet``: the requirements; ``paired_before``: what the history says."""

    def __init__(self, unmet: list[scoring.Requirement], paired_before: str = ""):
        self.unmet = unmet
        self.paired_before = paired_before
        said = []
        if unmet:
            said.append(
                "This pair does not meet the program's requirements: " + "; ".join(r.detail for r in unmet) + "."
            )
        if paired_before:
            said.append(f"{paired_before}.")
        super().__init__(" ".join(said))


def _matching_lock() -> None:
    """One proposer at a time (by hand or in bulk), so two cannot hand out the same free place.

    A transaction-scoped advisory lock on PostgreSQL; SQLite already lets one writer in at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [MATCHING_LOCK])


def matching_lock() -> None:
    """Take the matching lock in the caller's transaction (``_matching_lock``): for an app above that
    must hold it before it locks its own rows, so that every writer takes the locks in one order."""
    _matching_lock()


@transaction.atomic
def match_propose(*, mentee: User, mentor: User, by: User, despite_requirements: bool = False) -> Match:
    """A draft match for the coordinator to review and publish (M2).

    A pair that fails a requirement (M7), or whose two people were partners before (M9),
    raises ``RequirementsNotMet`` unless ``despite_requirements`` says the coordinator
    confirmed it; the history then says what was set aside.
    """
    _check_pair(mentee, mentor)
    _matching_lock()
    profile = selectors.mentors_with_load().filter(user=mentor).first()
    if profile is None:
        raise MatchError(f"{mentor} is not taking new mentees at the moment.")
    if (profile.capacity or 0) - profile.taken <= 0:
        raise MatchError(f"{mentor} has no free place.")
    names = selectors.topic_names()
    mentee_profile = Profile.objects.prefetch_related("focus_areas").get(user=mentee)
    result = scoring.score_pair(
        selectors.mentor_data(profile),
        selectors.mentee_data(mentee_profile),
        names,
        discipline_required=ProgramSettings.load().discipline_required,
    )
    before = _paired_before_note(mentee, mentor)
    if (not result.allowed or before) and not despite_requirements:
        raise RequirementsNotMet(result.unmet, before)
    try:
        with transaction.atomic():
            match = Match.objects.create(
                mentee=mentee,
                mentor=mentor,
                created_by=by,
                score=result.total,
                reasons=[asdict(r) for r in result.reasons],
            )
    except IntegrityError as exc:
        raise MatchError(f"{mentee} already has a proposed or active match.") from exc
    notes = [r.detail for r in result.unmet] + ([before] if before else [])
    note = "Proposed by hand although: " + "; ".join(notes) + "." if notes else ""
    _record(match, actor=by, from_status="", to_status=MatchStatus.PROPOSED, note=note)
    return match


@transaction.atomic
def match_from_request(*, mentee: User, mentor: User, by: User, note: str) -> Match:
    """The match a mentor makes by accepting a mentee's request (M8): proposed and published at once,
    as publishing does (introductions, history), under the same rules.

    The matching lock (``_matching_lock``) and the mentor's profile row (locked) are held while their
    open matches are counted, so two acceptances of a mentor's last place at once cannot both win: the
    second waits, then finds the mentor full and raises ``MatchError``. A mentee who has an open match
    meanwhile raises it too (the database refuses a second). ``note`` goes into the history.
    """
    _check_pair(mentee, mentor)
    _matching_lock()
    profile = Profile.objects.select_for_update().get(user=mentor)
    taken = Match.objects.open().filter(mentor=mentor).count()
    if taken >= (profile.capacity or 0):
        raise MatchError(f"{mentor} is full: {taken} of {profile.capacity} places taken.")
    names = selectors.topic_names()
    mentor_profile = selectors.mentors_with_load().filter(user=mentor).first() or Profile.objects.prefetch_related(
        "expertise"
    ).get(user=mentor)
    mentee_profile = Profile.objects.prefetch_related("focus_areas").get(user=mentee)
    result = scoring.score_pair(
        selectors.mentor_data(mentor_profile),
        selectors.mentee_data(mentee_profile),
        names,
        discipline_required=ProgramSettings.load().discipline_required,
    )
    try:
        with transaction.atomic():
            match = Match.objects.create(
                mentee=mentee,
                mentor=mentor,
                created_by=by,
                score=result.total,
                reasons=[asdict(r) for r in result.reasons],
            )
    except IntegrityError as exc:
        raise MatchError(f"{mentee} already has a proposed or active match.") from exc
    _record(match, actor=by, from_status="", to_status=MatchStatus.PROPOSED, note=note)
    match_publish(match=match, by=by)
    return match


@transaction.atomic
def not_again_mark(*, mentee: User, mentor: User, by: User, note: str = "") -> bool:
    """Mark a pair "not again" (M9): never proposed, suggested or requested again. False when it already was.

    An open match of the two is left as it is; the mark is for what comes after."""
    if mentee.pk == mentor.pk:
        raise MatchError("A person cannot be matched with themself.")
    _, created = NotAgain.objects.get_or_create(
        mentee=mentee, mentor=mentor, defaults={"created_by": by, "note": note.strip()[:300]}
    )
    return created


@transaction.atomic
def not_again_remove(*, mentee: User, mentor: User, by: User) -> bool:
    """Lift a "not again" mark; False when there was none."""
    deleted, _ = NotAgain.objects.filter(mentee=mentee, mentor=mentor).delete()
    return bool(deleted)


@dataclass
class Proposal:
    match_ids: list[int] = field(default_factory=list)
    waiting: int = 0
    unplaced: int = 0
    rematchers: int = 0  # re-matchers among those proposed

    @property
    def created(self) -> int:
        return len(self.match_ids)

    def matches(self):
        return Match.objects.filter(pk__in=self.match_ids)


def matches_propose_bulk(
    *, by: User | None, min_score: int = DEFAULT_MIN_SCORE, progress: Callable[[str], None] | None = None
) -> Proposal:
    """Draft matches for all waiting mentees at once (M3), exact in the coordinator's order.

    Re-matchers first, then as many mentees as possible, then the best total
    score, then the longest waits (``matches/assignment.py``). Only allowed pairs
    (M7) at or above ``min_score`` are proposed. Reading, scoring and solving
    take no lock; writing does (``_matching_lock``), and drops any pair whose
    mentee got a match or whose mentor filled up meanwhile, so the drafts never
    break a rule. Drafts and their history are written in bulk. Running it again
    proposes only for those still waiting. ``progress`` hears each stage.
    """
    say = progress or (lambda stage: None)
    say("Reading the program")
    program = selectors.program_for_proposal()
    mentees, mentors = program.mentees, program.mentors
    proposal = Proposal(waiting=len(mentees))
    if not mentees or not mentors:
        return proposal

    say(f"Scoring {len(mentees) * len(mentors):,} pairs")
    tables = scoring.prepare(mentors, mentees, discipline_required=program.discipline_required)
    scores = np.empty((len(mentees), len(mentors)), dtype=np.int8)
    for start in range(0, len(mentees), SCORING_BLOCK):
        scores[start : start + SCORING_BLOCK] = scoring.score_rows(
            tables, start, min(start + SCORING_BLOCK, len(mentees))
        )
    del tables

    now = timezone.now()
    waited = [max((now - since).days, 0) if since else 0 for since in program.waiting_since]
    pairs = best_assignment(
        scores,
        [m.free for m in mentors],
        forbidden=program.forbidden,
        min_score=min_score,
        rematching=program.rematching,
        waited_days=waited,
        progress=say,
    )
    del scores

    say(f"Writing {len(pairs):,} draft matches")
    names = selectors.topic_names()
    with transaction.atomic():
        _matching_lock()
        pairs = _still_possible(pairs, mentees, mentors)
        drafts = []
        for row, column in pairs:
            result = scoring.score_pair(mentors[column], mentees[row], names)
            drafts.append((mentors[column].id, mentees[row].id, result.total, [_reason(r) for r in result.reasons]))
        proposal.match_ids = _insert_drafts(drafts, by=by)
    proposal.unplaced = proposal.waiting - proposal.created
    proposal.rematchers = sum(1 for row, _ in pairs if program.rematching[row])
    return proposal


def _insert_drafts(drafts: list[tuple[int, int, int, list]], *, by: User | None) -> list[int]:
    """Write drafts (mentor id, mentee id, score, reasons) and their first history line in bulk; their ids.

    On PostgreSQL with COPY (ids drawn from the table's sequence first), which
    is several times faster than an INSERT for thousands of rows with their
    reasons; elsewhere with bulk_create.
    """
    now = timezone.now()
    by_id = by.pk if by else None
    pool_changed()  # neither way sends the signals the kept mentors follow
    if connection.vendor != "postgresql" or not drafts:
        created = Match.objects.bulk_create(
            [
                Match(mentor_id=mentor, mentee_id=mentee, created_by=by, score=score, reasons=reasons)
                for mentor, mentee, score, reasons in drafts
            ],
            batch_size=2000,
        )
        MatchEvent.objects.bulk_create(
            [
                MatchEvent(match=m, actor=by, from_status="", to_status=MatchStatus.PROPOSED, note=BULK_NOTE)
                for m in created
            ],
            batch_size=2000,
        )
        return [m.pk for m in created]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Match._meta.db_table, len(drafts)],
        )
        ids = [row[0] for row in cursor.fetchall()]
        with cursor.cursor.copy(
            f"COPY {Match._meta.db_table} (id, mentor_id, mentee_id, status, close_reason, close_note, score,"
            " reasons, created_by_id, created_at) FROM STDIN"
        ) as copy:
            for pk, (mentor, mentee, score, reasons) in zip(ids, drafts, strict=True):
                copy.write_row(
                    (pk, mentor, mentee, MatchStatus.PROPOSED, "", "", score, json.dumps(reasons), by_id, now)
                )
        with cursor.cursor.copy(
            f"COPY {MatchEvent._meta.db_table} (match_id, actor_id, at, from_status, to_status, reason, note)"
            " FROM STDIN"
        ) as copy:
            for pk in ids:
                copy.write_row((pk, by_id, now, "", MatchStatus.PROPOSED, "", BULK_NOTE))
    return ids


def _reason(reason: scoring.Reason) -> dict:
    # What asdict() gives, without its deep copies: thousands of drafts at once.
    return {"label": reason.label, "points": reason.points, "weight": reason.weight, "detail": reason.detail}


def _still_possible(pairs, mentees, mentors):
    """The pairs whose mentee still has no open match and whose mentor still has the place (read under the lock)."""
    mentee_ids = [mentees[row].id for row, _ in pairs]
    mentor_ids = sorted({mentors[column].id for _, column in pairs})
    taken_mentees, load = set(), {}
    for chunk in range(0, len(mentee_ids), 5000):
        taken_mentees.update(
            Match.objects.open()
            .filter(mentee_id__in=mentee_ids[chunk : chunk + 5000])
            .values_list("mentee_id", flat=True)
        )
    for chunk in range(0, len(mentor_ids), 5000):
        load.update(
            Match.objects.open()
            .filter(mentor_id__in=mentor_ids[chunk : chunk + 5000])
            .values_list("mentor_id")
            .annotate(n=Count("pk"))
            .values_list("mentor_id", "n")
        )
    capacity = dict(
        Profile.objects.filter(user_id__in=mentor_ids, status=Status.APPROVED).values_list("user_id", "capacity")
    )
    kept = []
    for row, column in pairs:
        mentor_id = mentors[column].id
        if mentees[row].id in taken_mentees or load.get(mentor_id, 0) >= (capacity.get(mentor_id) or 0):
            continue
        load[mentor_id] = load.get(mentor_id, 0) + 1
        kept.append((row, column))
    return kept


def proposal_start(*, by: User, min_score: int = DEFAULT_MIN_SCORE) -> ProposalRun:
    """Record a bulk proposal to run; the returned run tells its progress. The caller queues
    ``matches.tasks.matches_propose_bulk_task`` for it (``proposal_run`` carries it out): the tasks
    import the services, so the services never import the tasks."""
    return ProposalRun.objects.create(created_by=by, min_score=min_score)


def proposal_run(*, run_id: int) -> ProposalRun | None:
    """Carry out a queued proposal run. Claimed with a conditional update, so a retried task does nothing.

    A run still "running" past the task time limit lost its worker (the broker
    redelivers the task): it is claimed again. Its drafts were written in one
    transaction, so it wrote all or nothing, and running again proposes only for
    those still waiting. Returns the run, or None when someone else has it.
    """
    abandoned = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimed = ProposalRun.objects.filter(
        Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, started_at__lt=abandoned), pk=run_id
    ).update(status=RunStatus.RUNNING, started_at=timezone.now(), stage="Starting")
    if not claimed:
        return None
    run = ProposalRun.objects.select_related("created_by").get(pk=run_id)

    def say(stage: str) -> None:
        ProposalRun.objects.filter(pk=run_id).update(stage=stage[:120])

    try:
        proposal = matches_propose_bulk(by=run.created_by, min_score=run.min_score, progress=say)
    except Exception as exc:
        ProposalRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED,
            finished_at=timezone.now(),
            stage="",
            error=f"{exc.__class__.__name__}: {exc}"[:2000],
        )
        raise
    ProposalRun.objects.filter(pk=run_id).update(
        status=RunStatus.DONE,
        finished_at=timezone.now(),
        stage="",
        waiting=proposal.waiting,
        proposed=proposal.created,
        rematchers_proposed=proposal.rematchers,
    )
    run.refresh_from_db()
    return run


@transaction.atomic
def match_publish(*, match: Match, by: User) -> bool:
    """Make a proposed match active and introduce both people by e-mail (M4).

    The mentor's profile row is locked while their load is counted, so two
    coordinators publishing at once cannot take a mentor over capacity.
    Returns False when the match was already active (publishing again is a no-op).
    """
    match = Match.objects.select_for_update(of=("self",)).select_related("mentor", "mentee").get(pk=match.pk)
    if match.status == MatchStatus.ACTIVE:
        return False
    if match.status != MatchStatus.PROPOSED:
        raise MatchError("This match is closed; it cannot be published.")
    mentor_profile = Profile.objects.select_for_update().get(user=match.mentor)
    active = Match.objects.active().filter(mentor=match.mentor).count()
    if active >= (mentor_profile.capacity or 0):
        raise MatchError(f"{match.mentor} is full: {active} of {mentor_profile.capacity} places taken.")
    if Match.objects.active().filter(mentee=match.mentee).exists():
        raise MatchError(f"{match.mentee} already has an active match.")
    match.status = MatchStatus.ACTIVE
    match.started_at = timezone.now()
    match.save(update_fields=["status", "started_at"])
    _record(match, actor=by, from_status=MatchStatus.PROPOSED, to_status=MatchStatus.ACTIVE)
    _send_introductions(match)
    return True


def _send_introductions(match: Match) -> None:
    profiles = {
        p.user_id: p
        for p in Profile.objects.filter(user__in=[match.mentor, match.mentee])
        .select_related("discipline")
        .prefetch_related("expertise", "focus_areas")
    }
    program = ProgramSettings.load()
    for person, partner in ((match.mentor, match.mentee), (match.mentee, match.mentor)):
        email_queue(emails.introduction(match, person, partner_profile=profiles[partner.pk], program=program))


@dataclass
class PublishResult:
    published: list[Match] = field(default_factory=list)
    failed: list[tuple[Match, str]] = field(default_factory=list)


def matches_publish_all(*, by: User, ids: list[int] | None = None) -> PublishResult:
    """Publish the proposed matches ``ids`` (all of them when None); each stands or fails on its own.

    The coordinator confirms a list: a proposal made meanwhile is not in it, so it is not sent unseen.
    """
    result = PublishResult()
    proposed = Match.objects.proposed()
    if ids is not None:
        proposed = proposed.filter(pk__in=ids)
    for match in proposed.select_related("mentor", "mentee").order_by("created_at", "pk"):
        try:
            if match_publish(match=match, by=by):
                result.published.append(match)
        except MatchError as exc:
            result.failed.append((match, str(exc)))
    return result


@transaction.atomic
def match_drop(*, match: Match, by: User) -> None:
    """Drop a proposal before it is published; nobody was told of it, so it leaves no trace."""
    deleted, _ = Match.objects.filter(pk=match.pk, status=MatchStatus.PROPOSED).delete()
    if not deleted and Match.objects.filter(pk=match.pk).exists():
        raise MatchError("Only a proposed match can be dropped; close an active one instead.")


@transaction.atomic
def match_close(*, match: Match, by: User, reason: str, note: str = "") -> bool:
    """Close an active match with a reason. A mentee closed as "not a fit" waits again, first in line (M6)."""
    if reason not in CloseReason.values:
        raise MatchError("Please choose why the partnership ends.")
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status == MatchStatus.CLOSED:
        return False
    if match.status != MatchStatus.ACTIVE:
        raise MatchError("Only an active match can be closed; drop a proposal instead.")
    match.status = MatchStatus.CLOSED
    match.close_reason = reason
    match.close_note = note
    match.closed_at = timezone.now()
    match.save(update_fields=["status", "close_reason", "close_note", "closed_at"])
    _record(match, actor=by, from_status=MatchStatus.ACTIVE, to_status=MatchStatus.CLOSED, reason=reason, note=note)
    return True
