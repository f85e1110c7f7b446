"""Reading plans: the content of a version, progress, comments, events, and figures across plans.

Functions that serve lists (the coordinator's overview, the dashboard, the CSV export)
make a fixed number of queries whatever the program's size, and read no plan text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from matches import selectors as matches_selectors
from matches.models import Match, MatchStatus

from .content import DONE, DROPPED, OPEN_STATUSES, PlanContent, Progress
from .models import Action, Checkpoint, Comment, Plan, PlanVersion


def _with_current_version():
    """Plans with their current version read in the same query (``plan.current``, None before the first): the
    partners' pages show the plan's progress beside it, which was a second query on each."""
    current = FilteredRelation("versions", condition=Q(versions__number=F("version")))
    return Plan.objects.annotate(current=current).select_related("current")  # type: ignore[misc]


def plan_for_mentee(mentee) -> Plan | None:
    return _with_current_version().filter(mentee=mentee).first()


def plan_for_match(match) -> Plan | None:
    """The mentee's plan as this partnership's: None while it is still an earlier partnership's (V5)."""
    plan = _with_current_version().filter(mentee_id=match.mentee_id).first()
    if plan is None or plan.match_id not in (None, match.pk):
        return None
    return plan


def choice_pending(plan: Plan | None, match: Match | None) -> bool:
    """Whether the mentee has yet to choose, for her new partnership ``match``, between a new plan and carrying
    this one over: the plan has text, and it is an earlier partnership's."""
    return bool(plan is not None and match is not None and plan.version and plan.match_id not in (None, match.pk))


def this_partnerships(plan_path: str = "") -> Q:
    """Plans (at ``plan_path``) that are the partnership's in an annotation over matches: with this match, or
    begun before any partnership."""
    prefix = f"{plan_path}__" if plan_path else ""
    return Q(**{f"{prefix}match": OuterRef("pk")}) | Q(**{f"{prefix}match__isnull": True})


def version_current(plan: Plan) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, number=plan.version).select_related("saved_by").first()


def version_number(plan: Plan, number: int) -> PlanVersion | None:
    return PlanVersion.objects.filter(plan=plan, number=number).select_related("saved_by").first()


def plan_version_at(plan: Plan, when: datetime) -> PlanVersion | None:
    """The version that was current at ``when`` (e.g. the plan as it stood when a match closed).

    None before the first version.
    """
    return PlanVersion.objects.filter(plan=plan, saved_at__lte=when).order_by("-number").first()


def version_at_close(match: Match) -> PlanVersion | None:
    """The mentee's plan as it stood when ``match`` closed: the archive both partners keep; None if there was none."""
    plan = Plan.objects.filter(mentee_id=match.mentee_id).first()
    if plan is None or match.closed_at is None:
        return None
    return plan_version_at(plan, match.closed_at)


def current_version_of(plan: Plan) -> PlanVersion | None:
    """The plan's current version: the one read with it by plan_for_mentee/plan_for_match (``plan.current``,
    no query), else read now."""
    joined = getattr(plan, "current", None)
    if joined is not None and joined.number == plan.version:
        return joined
    return version_current(plan)


def content_of(plan: Plan | None) -> PlanContent:
    version = current_version_of(plan) if plan else None
    return version.parsed if version else PlanContent()


def progress_of(plan: Plan | None, today: date | None = None) -> Progress | None:
    """The plan's progress today, read from its latest version; None when there is no plan."""
    if plan is None or not plan.version:
        return None
    return content_of(plan).progress(today or timezone.localdate())


def versions_page(plan: Plan, first: int = 1):
    """The plan's versions from ``first`` (the partnership's first, for all but the mentee), newest first."""
    return (
        PlanVersion.objects.filter(plan=plan, number__gte=first)
        .select_related("saved_by")
        .defer("content")
        .order_by("-number")
    )


def contents_of(plan: Plan, numbers) -> dict[int, PlanContent]:
    """The content of the plan's versions ``numbers``, read back: the versions page sums up each change."""
    rows = PlanVersion.objects.filter(plan=plan, number__in=list(numbers)).only("number", "content")
    return {row.number: row.parsed for row in rows}


# Comments


@dataclass
class Thread:
    comment: Comment
    replies: list[Comment] = field(default_factory=list)


def threads_by_goal(plan: Plan) -> dict[str, list[Thread]]:
    """This partnership's comment threads, oldest first, by the goal they are about ("" for the whole plan):
    those on earlier partnerships' versions stay with them (V5)."""
    threads: dict[int, Thread] = {}
    replies = []
    for comment in Comment.objects.filter(plan=plan, version__gte=plan.first_version).select_related("author"):
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    grouped: dict[str, list[Thread]] = {}
    for thread in threads.values():
        grouped.setdefault(thread.comment.goal, []).append(thread)
    return grouped


# Events, for the match timeline


# Figures across plans (no text), for lists, the dashboard and the CSV export


def _count(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("plan__mentee").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def progress_annotations(mentee: str = "mentee", today: date | None = None) -> dict:
    """Annotations giving each row the progress figures of the plan of the mentee at ``mentee`` (a field path):
    ``plan_id``, ``plan_version``, ``plan_shared``, ``plan_goals``, ``plan_actions``, ``plan_actions_done``,
    ``plan_actions_overdue``, ``plan_checkpoints``, ``plan_checkpoints_held``, ``plan_checkpoints_overdue``,
    ``plan_next_checkpoint``. One correlated subquery each: the row count of the query stays the same."""
    today = today or timezone.localdate()
    # Only the partnership's own plan counts: not one still with an earlier partnership (V5).
    plans = Plan.objects.filter(this_partnerships(), mentee=OuterRef(mentee))
    actions = Action.objects.filter(this_partnerships("plan"), plan__mentee=OuterRef(mentee))
    checkpoints = Checkpoint.objects.filter(this_partnerships("plan"), plan__mentee=OuterRef(mentee))
    return {
        "plan_id": Subquery(plans.values("pk")[:1]),
        "plan_version": Coalesce(Subquery(plans.values("version")[:1]), Value(0)),
        "plan_shared": Exists(plans.filter(shared_with_coordinator=True)),
        "plan_goals": Coalesce(Subquery(plans.values("goal_count")[:1]), Value(0)),
        "plan_actions": _count(actions.counted()),
        "plan_actions_done": _count(actions.filter(status=DONE)),
        "plan_actions_overdue": _count(actions.overdue(today)),
        "plan_checkpoints": _count(checkpoints),
        "plan_checkpoints_held": _count(checkpoints.filter(held_on__isnull=False)),
        "plan_checkpoints_overdue": _count(checkpoints.overdue(today)),
        "plan_next_checkpoint": Subquery(
            checkpoints.upcoming(today).order_by().values("plan__mentee").annotate(first=Min("on")).values("first")[:1]
        ),
    }


def active_matches_with_progress(today: date | None = None, *, overdue: bool = False, started: bool | None = None):
    """Active matches with their mentee's plan figures; ``overdue`` keeps those with actions overdue,
    ``started`` those with (True) or without (False) a plan."""
    today = today or timezone.localdate()
    queryset = (
        Match.objects.active().select_related("mentor", "mentee").annotate(**progress_annotations("mentee", today))
    )
    if overdue:
        queryset = queryset.filter(plan_actions_overdue__gt=0)
    if started is not None:
        queryset = queryset.filter(plan_version__gt=0) if started else queryset.filter(plan_version=0)
    return queryset


def active_matches_listed(today: date | None = None, *, overdue: bool = False, started: bool | None = None):
    """Active matches by mentee name, for the coordinator's list of plans: ``overdue`` and ``started`` as
    ``active_matches_with_progress``, but only the figure a filter needs is computed in the query; the
    page's figures come from ``matches_progress``."""
    today = today or timezone.localdate()
    queryset = Match.objects.active().select_related("mentor", "mentee").only("mentor__name", "mentee__name")
    figures = progress_annotations("mentee", today)
    if overdue:
        queryset = queryset.annotate(overdue=figures["plan_actions_overdue"]).filter(overdue__gt=0)
    if started is not None:
        queryset = queryset.annotate(version=figures["plan_version"])
        queryset = queryset.filter(version__gt=0) if started else queryset.filter(version=0)
    if not overdue and started is None:
        # Every active match: in the order kept between requests, a page read by its ids (a walk through
        # every user by name to find the page's mentees, and a count of every active match, saved).
        return matches_selectors.active_by_mentee_name_kept(queryset.order_by())
    return queryset.order_by("mentee__name", "pk")


def matches_progress(matches: list[Match], today: date | None = None) -> list[Match]:
    """Sets on each of ``matches`` (a page of them) the figures ``progress_annotations`` gives, read in three
    queries grouped by plan rather than eleven correlated subqueries per row. Returns ``matches``."""
    today = today or timezone.localdate()
    plans = Plan.objects.filter(mentee_id__in={m.mentee_id for m in matches}).only(
        "mentee_id", "match_id", "version", "goal_count", "shared_with_coordinator"
    )
    by_mentee = {plan.mentee_id: plan for plan in plans}
    # Only the partnership's own plan counts: with this match, or begun before any partnership (V5).
    own = {}
    for match in matches:
        plan = by_mentee.get(match.mentee_id)
        if plan is not None and plan.match_id in (None, match.pk):
            own[match.pk] = plan
    ids = [plan.pk for plan in own.values()]
    actions = {
        row["plan_id"]: row
        for row in Action.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(
            counted=Count("pk", filter=~Q(status=DROPPED)),
            done=Count("pk", filter=Q(status=DONE)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
        )
        .order_by()
    }
    checkpoints = {
        row["plan_id"]: row
        for row in Checkpoint.objects.filter(plan_id__in=ids)
        .values("plan_id")
        .annotate(
            total=Count("pk"),
            held=Count("pk", filter=Q(held_on__isnull=False)),
            overdue=Count("pk", filter=Q(held_on__isnull=True, on__lt=today)),
            next=Min("on", filter=Q(held_on__isnull=True, on__gte=today)),
        )
        .order_by()
    }
    for match in matches:
        plan = own.get(match.pk)
        done = actions.get(plan.pk, {}) if plan else {}
        held = checkpoints.get(plan.pk, {}) if plan else {}
        figures = {
            "plan_id": plan.pk if plan else None,
            "plan_version": plan.version if plan else 0,
            "plan_shared": bool(plan and plan.shared_with_coordinator),
            "plan_goals": plan.goal_count if plan else 0,
            "plan_actions": done.get("counted", 0),
            "plan_actions_done": done.get("done", 0),
            "plan_actions_overdue": done.get("overdue", 0),
            "plan_checkpoints": held.get("total", 0),
            "plan_checkpoints_held": held.get("held", 0),
            "plan_checkpoints_overdue": held.get("overdue", 0),
            "plan_next_checkpoint": held.get("next"),
        }
        for name, value in figures.items():  # named as the annotations are
            setattr(match, name, value)
    return matches


def plans_started() -> int:
    """Active matches whose mentee has started a plan."""
    mine = Plan.objects.filter(this_partnerships(), mentee=OuterRef("mentee"), version__gt=0)
    return Match.objects.active().filter(Exists(mine)).count()


def actions_overdue(today: date | None = None) -> int:
    """Overdue actions in the plans of mentees with an active match."""
    today = today or timezone.localdate()
    return (
        Action.objects.overdue(today)
        .filter(Exists(Match.objects.active().filter(mentee=OuterRef("plan__mentee"))))
        .filter(Q(plan__match__isnull=True) | Q(plan__match__status=MatchStatus.ACTIVE))
        .count()
    )


def checkpoints_due(today: date, horizon: date):
    """Checkpoints not held and not yet reminded whose date falls after ``today`` and by ``horizon``."""
    return Checkpoint.objects.filter(held_on__isnull=True, reminded_at__isnull=True, on__gt=today, on__lte=horizon)


# The program year in figures (R1) ---------------------------------------------------------------


def plan_figures_in(start_at, end_at, start: date, end: date) -> dict[str, int]:
    """In the period (``start_at``/``end_at`` for moments, ``start``/``end`` for days, the ends excluded):
    plans started (a first version saved), goals with progress (short-term goals with an action done)
    and actions done. Two queries."""
    started = PlanVersion.objects.filter(number=1, saved_at__gte=start_at, saved_at__lt=end_at).count()
    done = Action.objects.filter(status=DONE, done_on__gte=start, done_on__lt=end).aggregate(
        actions=Count("pk"), goals=Count(Concat("plan_id", Value("-"), "goal", output_field=CharField()), distinct=True)
    )
    return {"plans_started": started, "goals_with_progress": done["goals"], "actions_done": done["actions"]}
