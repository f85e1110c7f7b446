"""Everything in matches that writes or e-mails: proposing, publishing, dropping and closing."""

from __future__ import annotations

from dataclasses import asdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from profiles.mail import program_email
from profiles.models import Profile, ProgramSettings, Role, Status, User

from . import scoring, selectors
from .assignment import best_assignment
from .models import CloseReason, Match, MatchEvent, MatchStatus

DEFAULT_MIN_SCORE = 40


class MatchError(Exception):
    """A change the program's rules do not allow; the message says why, for the coordinator."""


def _record(match: Match, *, actor: User | None, from_status: str, to_status: str, reason: str = "", note: str = ""):
    MatchEvent.objects.create(
        match=match, actor=actor, from_status=from_status, to_status=to_status, reason=reason, note=note
    )


def _check_pair(mentee: User, mentor: User) -> None:
    if mentee.pk == mentor.pk:
        raise MatchError("A person cannot be matched with themself.")
    roles = {
        p.user_id: p
        for p in Profile.objects.filter(user__in=[mentee, mentor], status=Status.APPROVED)
    }
    if getattr(roles.get(mentor.pk), "role", None) != Role.MENTOR:
        raise MatchError(f"{mentor} is not an approved mentor.")
    if getattr(roles.get(mentee.pk), "role", None) != Role.MENTEE:
        raise MatchError(f"{mentee} is not an approved mentee.")
    if Match.objects.filter(
        mentee=mentee, mentor=mentor, status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT
    ).exists():
        raise MatchError(f"{mentee} and {mentor} were matched before and it was not a fit.")


@transaction.atomic
def match_propose(*, mentee: User, mentor: User, by: User) -> Match:
    """A draft match for the coordinator to review and publish (M2)."""
    _check_pair(mentee, mentor)
    profile = selectors.mentors_with_load().filter(user=mentor).first()
    if profile is None:
        raise MatchError(f"{mentor} is not taking new mentees at the moment.")
    if (profile.capacity or 0) - profile.taken <= 0:
        raise MatchError(f"{mentor} has no free place.")
    names = selectors.topic_names()
    mentee_profile = Profile.objects.prefetch_related("focus_areas").get(user=mentee)
    result = scoring.score_pair(selectors.mentor_data(profile), selectors.mentee_data(mentee_profile, names), names)
    try:
        with transaction.atomic():
            match = Match.objects.create(
                mentee=mentee, mentor=mentor, created_by=by, score=result.total,
                reasons=[asdict(r) for r in result.reasons],
            )
    except IntegrityError as exc:
        raise MatchError(f"{mentee} already has a proposed or active match.") from exc
    _record(match, actor=by, from_status="", to_status=MatchStatus.PROPOSED)
    return match


@dataclass
class Proposal:
    created: list[Match] = field(default_factory=list)
    waiting: int = 0
    unplaced: int = 0


@transaction.atomic
def matches_propose_bulk(*, by: User, min_score: int = DEFAULT_MIN_SCORE) -> Proposal:
    """Draft matches for all waiting mentees at once: the best total score (M3)."""
    names = selectors.topic_names()
    mentee_profiles = list(selectors.waiting_mentees())
    mentor_profiles = [p for p in selectors.mentors_with_load() if (p.capacity or 0) > p.taken]
    mentees = [selectors.mentee_data(p, names) for p in mentee_profiles]
    mentors = [selectors.mentor_data(p) for p in mentor_profiles]
    row_of = {m.id: i for i, m in enumerate(mentees)}
    column_of = {m.id: j for j, m in enumerate(mentors)}
    forbidden = {
        (row_of[mentee], column_of[mentor])
        for mentee, mentor in selectors.forbidden_pairs()
        if mentee in row_of and mentor in column_of
    }
    pairs = best_assignment(
        scoring.score_matrix(mentors, mentees),
        [m.free for m in mentors],
        forbidden=forbidden,
        min_score=min_score,
    )
    proposal = Proposal(waiting=len(mentees))
    for row, column in pairs:
        result = scoring.score_pair(mentors[column], mentees[row], names)
        match = Match.objects.create(
            mentee_id=mentees[row].id, mentor_id=mentors[column].id, created_by=by,
            score=result.total, reasons=[asdict(r) for r in result.reasons],
        )
        _record(match, actor=by, from_status="", to_status=MatchStatus.PROPOSED, note="Bulk proposal")
        proposal.created.append(match)
    proposal.unplaced = proposal.waiting - len(proposal.created)
    return proposal


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
    profiles = {p.user_id: p for p in Profile.objects.filter(user__in=[match.mentor, match.mentee])
                .select_related("discipline").prefetch_related("expertise", "focus_areas")}
    program = ProgramSettings.load()
    for person, partner in ((match.mentor, match.mentee), (match.mentee, match.mentor)):
        program_email(
            name="matches/introduction",
            to=[person.email],
            key=f"matches.introduction:{match.pk}:{person.pk}",
            program=program,
            context={
                "person": person,
                "partner": partner,
                "partner_profile": profiles[partner.pk],
                "is_mentor": person.pk == match.mentor_id,
                "match": match,
            },
        )


@dataclass
class PublishResult:
    published: list[Match] = field(default_factory=list)
    failed: list[tuple[Match, str]] = field(default_factory=list)


def matches_publish_all(*, by: User) -> PublishResult:
    """Publish every proposed match; each stands or fails on its own."""
    result = PublishResult()
    for match in Match.objects.proposed().select_related("mentor", "mentee").order_by("created_at", "pk"):
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
