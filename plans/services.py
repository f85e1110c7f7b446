"""Everything in plans that writes or e-mails: saving a version, recording progress, comments, reminders."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from matches.models import Match
from notifications.services import Notice, notify, notify_many
from outbox.services import email_queue
from profiles.models import ProgramSettings, User

from . import emails, selectors
from .content import DONE, STATUS_LABELS, PlanContent, day
from .models import Action, Checkpoint, Comment, EventKind, Plan, PlanEvent, PlanVersion

# Two identical comments by the same person this close together are one comment sent twice.
REPEAT_WINDOW = timedelta(minutes=10)


class PlanError(Exception):
    """A change the rules refuse; the message says why."""


class StaleVersion(Exception):
    """The form was opened on an older version than the latest one; nothing was saved."""

    def __init__(self, version: PlanVersion):
        self.version = version
        super().__init__(f"Version {version.number} was saved after this page was opened.")


@dataclass
class SaveResult:
    plan: Plan | None  # None: an empty first draft, not kept
    version: PlanVersion | None  # None: nothing changed, nothing kept


def _current(plan: Plan) -> PlanContent:
    return selectors.content_of(plan) if plan.version else PlanContent()


def _locked_plan_of(mentee: User) -> Plan:
    """The mentee's plan, locked for this transaction; made (empty, version 0) if there is none yet."""
    plan = Plan.objects.select_for_update().filter(mentee=mentee).first()
    if plan is None:
        try:
            with transaction.atomic():
                Plan.objects.create(mentee=mentee)
        except IntegrityError:
            pass  # another request made it at the same moment; use theirs
        plan = Plan.objects.select_for_update().get(mentee=mentee)
    return plan


def _check(content: PlanContent, today: date) -> None:
    problems = content.problems(today)
    if problems:
        raise PlanError(problems[0][1])


@transaction.atomic
def plan_save(*, mentee: User, content: PlanContent, based_on: int, by: User, today: date | None = None) -> SaveResult:
    """Save the mentee's plan as its next version (A1, A2); only the mentee saves it.

    The plan row is locked while the version is written. ``based_on`` is the
    version the form was opened on: if a newer one was saved since (another tab,
    another device), nothing is saved and ``StaleVersion`` carries the newer one.
    Sending exactly what is stored (a second click) changes nothing and keeps no
    version, as does any save without a change. A new version is news for the mentor
    (notifications, ``plans.shared``).
    """
    if by.pk != mentee.pk:
        raise PlanError("Only the mentee edits their action plan.")
    today = today or timezone.localdate()
    content = content.cleaned(today)
    _check(content, today)
    plan = Plan.objects.select_for_update().filter(mentee=mentee).first()
    _choice_made(plan)
    if (plan is None or not plan.version) and content.is_empty:
        return SaveResult(plan, None)  # an empty first draft: nothing to keep yet
    plan = plan or _locked_plan_of(mentee)
    current = _current(plan)
    if plan.version and content.to_json() == current.to_json():
        return SaveResult(plan, None)
    newer = selectors.version_current(plan) if plan.version != based_on else None
    if newer is not None:  # none yet: nothing to be stale against, whatever the form said
        raise StaleVersion(newer)
    version = _commit(plan, before=current, after=content, by=by, kind=EventKind.SAVED)
    match = Match.objects.active().filter(mentee_id=mentee.pk).select_related("mentor").first()
    if match is not None:
        notify(
            match.mentor,
            "plans.shared",
            text=f"{mentee.name} saved version {version.number} of the action plan.",
            url=reverse("plans:diff", args=[plan.pk]),
            key=f"plans.shared:{version.pk}",
            email=emails.version_shared(version, match.mentor, mentee=mentee),
        )
    return SaveResult(plan, version)


@transaction.atomic
def action_status_set(
    *, plan: Plan, goal: int, action: int, status: str, by: User, today: date | None = None
) -> PlanVersion | None:
    """Record an action's progress (A3) as the plan's next version: done today, under way, dropped...
    None when the action already has that status. Only the mentee records it."""
    if by.pk != plan.mentee_id:
        raise PlanError("Only the mentee records progress on their plan.")
    if status not in STATUS_LABELS:
        raise PlanError("Please choose one of the statuses.")
    today = today or timezone.localdate()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _choice_made(plan)
    before = _current(plan)
    after = copy.deepcopy(before)
    short_goal = after.short_goal(goal)
    item = short_goal.action(action) if short_goal else None
    if item is None:
        raise PlanError("That action is no longer in the plan; it may have just been changed.")
    if item.status == status:
        return None
    item.status = status
    item.done_on = today if status == DONE else None
    return _commit(plan, before=before, after=after.cleaned(today), by=by, kind=EventKind.PROGRESS)


@transaction.atomic
def checkpoint_hold(*, plan: Plan, position: int, by: User, today: date | None = None) -> PlanVersion | None:
    """Mark a checkpoint held today (A3), as the plan's next version; None if it was already held."""
    if by.pk != plan.mentee_id:
        raise PlanError("Only the mentee records progress on their plan.")
    today = today or timezone.localdate()
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    _choice_made(plan)
    before = _current(plan)
    after = copy.deepcopy(before)
    item = after.checkpoint(position)
    if item is None:
        raise PlanError("That checkpoint is no longer in the plan; it may have just been changed.")
    if item.held_on:
        return None
    item.held_on = today
    return _commit(plan, before=before, after=after, by=by, kind=EventKind.PROGRESS)


def _choice_made(plan: Plan | None) -> None:
    active = Match.objects.active().filter(mentee_id=plan.mentee_id).first() if plan is not None else None
    if selectors.choice_pending(plan, active):
        raise PlanError("Please choose first whether to start a new plan or carry your plan over.")


@transaction.atomic
def plan_continue(*, mentee: User, carry: bool, by: User) -> PlanVersion | None:
    """The mentee's choice for her new partnership (V5): carry her plan over (its current text becomes the new
    partnership's first version) or start a new one (an empty first version: no earlier goal, action or
    checkpoint counts any more). The earlier versions and all comments stay with the earlier partnership.
    Only the mentee chooses, once per partnership: a second submit changes nothing and answers None."""
    if by.pk != mentee.pk:
        raise PlanError("Only the mentee chooses what becomes of her plan.")
    plan = Plan.objects.select_for_update().filter(mentee=mentee).first()
    match = Match.objects.active().filter(mentee=mentee).first()
    if not selectors.choice_pending(plan, match):
        return None
    assert plan is not None
    assert match is not None
    before = _current(plan)
    after = copy.deepcopy(before) if carry else PlanContent()
    plan.match = match
    plan.first_version = plan.version + 1
    plan.save(update_fields=["match", "first_version", "updated_at"])
    return _commit(plan, before=before if carry else PlanContent(), after=after, by=by, kind=EventKind.SAVED)


def _commit(plan: Plan, *, before: PlanContent, after: PlanContent, by: User, kind: str) -> PlanVersion:
    """Write ``after`` as the next version of the locked ``plan``, its action and checkpoint rows, and its events."""
    now = timezone.now()
    number = plan.version + 1
    version = PlanVersion.objects.create(plan=plan, number=number, content=after.to_json(), saved_by=by, saved_at=now)
    plan.version = number
    plan.shared_with_coordinator = after.shared
    plan.goal_count = len(after.goals)
    match_id = Match.objects.active().filter(mentee_id=plan.mentee_id).values_list("pk", flat=True).first()
    if match_id is not None and plan.match_id is None:
        plan.match_id = match_id  # begun before any partnership: the first one's whole
    plan.save(update_fields=["version", "shared_with_coordinator", "goal_count", "match", "updated_at"])
    _write_rows(plan, after)

    def event(kind, detail=""):
        return PlanEvent(plan=plan, match_id=match_id, kind=kind, version=number, detail=detail, actor=by, at=now)

    events = [event(EventKind.CREATED if number == 1 else kind)]
    reached = {g.position for g in before.short_goals if g.is_done}
    events += [
        event(EventKind.GOAL_DONE, g.label) for g in after.short_goals if g.is_done and g.position not in reached
    ]
    held = {c.position for c in before.checkpoints if c.held_on}
    events += [
        event(EventKind.CHECKPOINT_HELD, f"checkpoint {c.position}" + (f" of {day(c.on)}" if c.on else ""))
        for c in after.checkpoints
        if c.held_on and c.position not in held
    ]
    if after.shared != before.shared:
        events.append(event(EventKind.SHARED if after.shared else EventKind.UNSHARED))
    PlanEvent.objects.bulk_create(events)
    return version


def _write_rows(plan: Plan, content: PlanContent) -> None:
    """Make the plan's action and checkpoint rows say what ``content`` says.

    A checkpoint whose date changed becomes a new row, so that its reminder is
    written again for the new date.
    """
    wanted = {(g.position, a.position): a for g in content.short_goals for a in g.actions}
    rows = {(r.goal, r.position): r for r in plan.actions.all()}
    Action.objects.filter(pk__in=[r.pk for key, r in rows.items() if key not in wanted]).delete()
    fields = ["starts_on", "due_on", "status", "done_on"]
    changed, new = [], []
    for (goal, position), item in wanted.items():
        values = {name: getattr(item, name) for name in fields}
        row = rows.get((goal, position))
        if row is None:
            new.append(Action(plan=plan, goal=goal, position=position, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    Action.objects.bulk_update(changed, fields)
    Action.objects.bulk_create(new)

    wanted_points = {c.position: c for c in content.checkpoints}
    points = {r.position: r for r in plan.checkpoints.all()}
    gone = [
        r.pk for position, r in points.items() if position not in wanted_points or wanted_points[position].on != r.on
    ]
    Checkpoint.objects.filter(pk__in=gone).delete()
    held, added = [], []
    for position, point in wanted_points.items():
        held_row = points.get(position)
        if held_row is None or held_row.pk in gone:
            added.append(Checkpoint(plan=plan, position=position, on=point.on, held_on=point.held_on))
        elif held_row.held_on != point.held_on:
            held_row.held_on = point.held_on
            held.append(held_row)
    Checkpoint.objects.bulk_update(held, ["held_on"])
    Checkpoint.objects.bulk_create(added)


GOAL_KEYS = {f"{term}-{n}" for term in ("short", "long") for n in (1, 2, 3)}


@transaction.atomic
def comment_add(
    *, plan: Plan, author: User, body: str, goal: str = "", parent_id: int | None = None
) -> tuple[Comment, bool]:
    """A comment in the plan's conversation (A2): the mentor comments on the plan or on one goal;
    the mentee and the mentor answer in its thread. The same words sent twice in a row are kept
    once. The partner who did not write it is told (notifications, ``plans.comment``). Returns (comment, created)."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise PlanError("Please write your comment first.")
    match = Match.objects.active().filter(mentee_id=plan.mentee_id).select_related("mentor", "mentee").first()
    if author.pk != plan.mentee_id and (match is None or author.pk != match.mentor_id):
        raise PlanError("Only the mentee and their mentor write in the plan's comments.")
    if match is None or not Match.objects.is_active_locked(match.pk):
        # The conversation is the partners': once the partnership closes it is kept, not continued.
        raise PlanError(
            "The comments are a conversation with your mentor; with no active partnership "
            "they are kept as they were and take no new messages."
        )
    parent = None
    if parent_id:
        parent = Comment.objects.filter(plan=plan, pk=parent_id, parent__isnull=True).first()
        if parent is None:
            raise PlanError("That conversation is no longer here.")
        goal = parent.goal
    elif author.pk == plan.mentee_id:
        raise PlanError("Your mentor starts the comments; you answer them.")
    elif goal and goal not in GOAL_KEYS:
        raise PlanError("That goal is not in the plan.")
    recent = timezone.now() - REPEAT_WINDOW
    existing = Comment.objects.filter(
        plan=plan, author=author, parent=parent, goal=goal, body=body, created_at__gte=recent
    ).first()
    if existing:
        return existing, False
    version = Plan.objects.filter(pk=plan.pk).values_list("version", flat=True).get()
    comment = Comment.objects.create(plan=plan, author=author, body=body, goal=goal, parent=parent, version=version)
    reader = match.mentee if author.pk == match.mentor_id else match.mentor
    whose = "your action plan" if reader.pk == plan.mentee_id else f"the action plan of {author.name}"
    notify_many(  # its e-mail is written by the outbox's worker, not here
        [
            Notice(
                user_id=reader.pk,
                kind="plans.comment",
                text=f"{author.name} {'replied' if parent else 'commented'} on {whose}.",
                url=reverse("plans:comments", args=[plan.pk]),
                key=f"plans.comment:{comment.pk}",
                email=emails.comment(comment, reader),
            )
        ]
    )
    return comment, True


def checkpoints_remind(*, today: date | None = None) -> int:
    """The daily job (A3): e-mail the mentee and their current mentor once about each checkpoint
    coming up within the program's ``checkpoint_reminder_days``.

    Due checkpoints are claimed under row locks (skipping those another run holds)
    and marked reminded in the same transaction as their e-mails; each e-mail has
    the key ``plans.checkpoint:<checkpoint>:<person>``, so a second run, or a
    retried task, writes nothing. Returns how many e-mails were written.
    """
    today = today or timezone.localdate()
    program = ProgramSettings.load()
    horizon = today + timedelta(days=program.checkpoint_reminder_days)
    written = 0
    with transaction.atomic():
        due = list(
            selectors.checkpoints_due(today, horizon)
            .select_for_update(of=("self",), skip_locked=True)
            .select_related("plan__mentee")
            .order_by("pk")
        )
        if not due:
            return 0
        plan_ids = {c.plan_id for c in due}
        contents = {
            v.plan_id: v.parsed for v in PlanVersion.objects.filter(plan__in=plan_ids, number=F("plan__version"))
        }
        mentors = {
            m.mentee_id: m.mentor
            for m in Match.objects.active().filter(mentee__in=[c.plan.mentee_id for c in due]).select_related("mentor")
        }
        Checkpoint.objects.filter(pk__in=[c.pk for c in due]).update(reminded_at=timezone.now())
        for row in due:
            mentee = row.plan.mentee
            mentor = mentors.get(mentee.pk)
            point = contents[row.plan_id].checkpoint(row.position)
            if point is None:  # the rows follow the text, so never; but no reminder without its text
                continue
            for person in filter(None, (mentee, mentor)):
                message = email_queue(
                    emails.checkpoint_reminder(row, person, mentor=mentor, point=point, today=today, program=program)
                )
                written += message is not None
    return written
