"""The action plan's content as plain data: the parts of the guide's template, what a version stores,
its progress on a given day, and what changed between two versions, in words.

Plain Python: no database. A version stores ``PlanContent.to_json()``; every page, PDF and
diff reads it back with ``PlanContent.from_json``. Goals and checkpoints keep the
slot they were written in (short-term goal 2 stays goal 2 when goal 1 is cleared),
so comments and the diff can name them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from datetime import date

from profiles.models import Channel

# The guide's template: up to three goals of each term, one or two actions per short-term goal.
SHORT_GOALS = 3
ACTIONS_PER_GOAL = 2
LONG_GOALS = 3
TASKS_MORE = 3
TASKS_LESS = 3
SKILLS = 5
CHECKPOINTS = 6
# Dates outside these years are typing mistakes.
FIRST_YEAR, LAST_YEAR = 2000, 2100

NOT_STARTED, UNDER_WAY, DONE, DROPPED = "not_started", "under_way", "done", "dropped"
STATUSES = [(NOT_STARTED, "Not started"), (UNDER_WAY, "Under way"), (DONE, "Done"), (DROPPED, "Dropped")]
STATUS_LABELS = dict(STATUSES)
# An action still to do: overdue once its completion date has passed (the models' ``overdue`` says the same in SQL).
OPEN_STATUSES = (NOT_STARTED, UNDER_WAY)

# How a checkpoint happens (the guide: "memos, phone calls, next Mentor/Mentee meetings"): the ways
# two people are in touch, as everywhere in the program.
WAY_LABELS = dict(Channel.choices)


def day(value: date | None) -> str:
    """A date as people write it: 3 March 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def _date(value) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _text(value) -> str:
    return str(value).replace("\r\n", "\n").strip() if value else ""


@dataclass
class Action:
    position: int
    what: str = ""
    how: str = ""
    resources: str = ""
    starts_on: date | None = None
    due_on: date | None = None
    status: str = NOT_STARTED
    done_on: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.what or self.how or self.resources or self.starts_on or self.due_on)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def is_done(self) -> bool:
        return self.status == DONE

    def is_overdue(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.due_on is not None and self.due_on < today

    def to_json(self) -> dict:
        return {
            "position": self.position,
            "what": self.what,
            "how": self.how,
            "resources": self.resources,
            "starts_on": _iso(self.starts_on),
            "due_on": _iso(self.due_on),
            "status": self.status,
            "done_on": _iso(self.done_on),
        }

    @classmethod
    def from_json(cls, data: dict) -> Action:
        status = data.get("status") if data.get("status") in STATUS_LABELS else NOT_STARTED
        return cls(
            position=int(data.get("position") or 1),
            what=data.get("what") or "",
            how=data.get("how") or "",
            resources=data.get("resources") or "",
            starts_on=_date(data.get("starts_on")),
            due_on=_date(data.get("due_on")),
            status=status,
            done_on=_date(data.get("done_on")),
        )


@dataclass
class ShortGoal:
    """A SMART goal for the next one to three years, with one or two actions."""

    position: int
    goal: str = ""
    actions: list[Action] = field(default_factory=list)

    term = "short"

    @property
    def key(self) -> str:
        return f"short-{self.position}"

    @property
    def label(self) -> str:
        return f"Short-term goal {self.position}"

    @property
    def is_empty(self) -> bool:
        return not self.goal and all(a.is_empty for a in self.actions)

    @property
    def counted(self) -> list[Action]:
        """The actions its progress counts: all but the dropped ones."""
        return [a for a in self.actions if a.status != DROPPED]

    @property
    def done_count(self) -> int:
        return sum(a.is_done for a in self.actions)

    @property
    def is_done(self) -> bool:
        """Reached: at least one action done and none left to do."""
        return self.done_count > 0 and all(a.status in (DONE, DROPPED) for a in self.actions)

    def action(self, position: int) -> Action | None:
        return next((a for a in self.actions if a.position == position), None)

    def to_json(self) -> dict:
        return {"position": self.position, "goal": self.goal, "actions": [a.to_json() for a in self.actions]}

    @classmethod
    def from_json(cls, data: dict) -> ShortGoal:
        return cls(
            position=int(data.get("position") or 1),
            goal=data.get("goal") or "",
            actions=[Action.from_json(a) for a in data.get("actions") or []],
        )


LONG_FIELDS = [
    ("steps", "action steps"),
    ("timeframe", "date or timeframe"),
    ("obstacles", "obstacles and solutions"),
    ("evaluation", "how success will be judged"),
]


@dataclass
class LongGoal:
    """A goal three years or more away: the steps, when, what may stand in the way, and how success shows."""

    position: int
    goal: str = ""
    steps: str = ""
    timeframe: str = ""
    obstacles: str = ""
    evaluation: str = ""

    term = "long"

    @property
    def key(self) -> str:
        return f"long-{self.position}"

    @property
    def label(self) -> str:
        return f"Long-term goal {self.position}"

    @property
    def is_empty(self) -> bool:
        return not (self.goal or self.steps or self.timeframe or self.obstacles or self.evaluation)

    def to_json(self) -> dict:
        return {
            "position": self.position,
            "goal": self.goal,
            "steps": self.steps,
            "timeframe": self.timeframe,
            "obstacles": self.obstacles,
            "evaluation": self.evaluation,
        }

    @classmethod
    def from_json(cls, data: dict) -> LongGoal:
        return cls(
            position=int(data.get("position") or 1),
            **{name: data.get(name) or "" for name in ("goal", "steps", "timeframe", "obstacles", "evaluation")},
        )


@dataclass
class TaskToReduce:
    task: str = ""
    how: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.task or self.how)

    def __str__(self):
        return f"{self.task} ({self.how})" if self.how else self.task


@dataclass
class Checkpoint:
    """When and how the pair look at progress together, and what for."""

    position: int
    on: date | None = None
    how: str = ""
    purpose: str = ""
    held_on: date | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.on or self.how or self.purpose)

    @property
    def how_label(self) -> str:
        return WAY_LABELS.get(self.how, "")

    @property
    def is_held(self) -> bool:
        return self.held_on is not None

    def is_upcoming(self, today: date) -> bool:
        return not self.is_held and self.on is not None and self.on >= today

    def is_overdue(self, today: date) -> bool:
        return not self.is_held and self.on is not None and self.on < today

    def to_json(self) -> dict:
        return {
            "position": self.position,
            "on": _iso(self.on),
            "how": self.how,
            "purpose": self.purpose,
            "held_on": _iso(self.held_on),
        }

    @classmethod
    def from_json(cls, data: dict) -> Checkpoint:
        how = data.get("how") if data.get("how") in WAY_LABELS else ""
        return cls(
            position=int(data.get("position") or 1),
            on=_date(data.get("on")),
            how=how,
            purpose=data.get("purpose") or "",
            held_on=_date(data.get("held_on")),
        )


@dataclass
class Progress:
    goals: int
    goals_done: int
    actions: int
    actions_done: int
    actions_overdue: int
    checkpoints: int
    checkpoints_held: int
    upcoming: list[Checkpoint]
    overdue_checkpoints: list[Checkpoint]

    @property
    def next_checkpoint(self) -> Checkpoint | None:
        return self.upcoming[0] if self.upcoming else None


@dataclass
class PlanContent:
    """Everything the mentee writes in the plan, part by part in the guide's order."""

    short_goals: list[ShortGoal] = field(default_factory=list)
    long_goals: list[LongGoal] = field(default_factory=list)
    tasks_more: list[str] = field(default_factory=list)
    tasks_less: list[TaskToReduce] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    shared: bool = False

    @property
    def goals(self) -> list[ShortGoal | LongGoal]:
        return [*self.short_goals, *self.long_goals]

    @property
    def is_empty(self) -> bool:
        return not (
            self.short_goals or self.long_goals or self.tasks_more or self.tasks_less or self.skills or self.checkpoints
        )

    def goal(self, key: str) -> ShortGoal | LongGoal | None:
        return next((g for g in self.goals if g.key == key), None)

    def short_goal(self, position: int) -> ShortGoal | None:
        return next((g for g in self.short_goals if g.position == position), None)

    def checkpoint(self, position: int) -> Checkpoint | None:
        return next((c for c in self.checkpoints if c.position == position), None)

    def cleaned(self, today: date) -> PlanContent:
        """The content as stored: text stripped, empty items left out, slots in order; a done action
        has a done date (today unless given), any other has none."""
        short = []
        for goal in sorted(self.short_goals, key=lambda g: g.position):
            actions = []
            for a in sorted(goal.actions, key=lambda a: a.position):
                a = replace(a, what=_text(a.what), how=_text(a.how), resources=_text(a.resources))
                if a.is_empty:
                    continue
                a.done_on = (a.done_on or today) if a.status == DONE else None
                actions.append(a)
            goal = ShortGoal(position=goal.position, goal=_text(goal.goal), actions=actions)
            if not goal.is_empty:
                short.append(goal)
        long = [
            g
            for g in (
                LongGoal(
                    position=g.position,
                    **{n: _text(getattr(g, n)) for n in ("goal", "steps", "timeframe", "obstacles", "evaluation")},
                )
                for g in sorted(self.long_goals, key=lambda g: g.position)
            )
            if not g.is_empty
        ]
        checkpoints = [
            c
            for c in (replace(c, purpose=_text(c.purpose)) for c in sorted(self.checkpoints, key=lambda c: c.position))
            if not c.is_empty
        ]
        return PlanContent(
            short_goals=short,
            long_goals=long,
            tasks_more=[t for t in map(_text, self.tasks_more) if t],
            tasks_less=[
                t for t in (TaskToReduce(_text(t.task), _text(t.how)) for t in self.tasks_less) if not t.is_empty
            ],
            skills=[s for s in map(_text, self.skills) if s],
            checkpoints=checkpoints,
            shared=bool(self.shared),
        )

    def problems(self, today: date) -> list[tuple[tuple, str]]:
        """What is wrong with the dates, as ((part, slot..., field), message); empty when all is well.

        Nothing is required: a draft may leave anything out. Dates only have to make sense.
        """
        found = []

        def check_year(where, value):
            if value and not (FIRST_YEAR <= value.year <= LAST_YEAR):
                found.append((where, f"Please choose a date between {FIRST_YEAR} and {LAST_YEAR}."))
                return False
            return True

        for goal in self.short_goals:
            for a in goal.actions:
                where = ("short", goal.position, a.position)
                dates_ok = all(
                    check_year((*where, name), getattr(a, name)) for name in ("starts_on", "due_on", "done_on")
                )
                if not dates_ok:
                    continue
                if a.starts_on and a.due_on and a.due_on < a.starts_on:
                    found.append(
                        (
                            (*where, "due_on"),
                            f"An action cannot finish before it starts: choose a completion "
                            f"date on or after the start, {day(a.starts_on)}.",
                        )
                    )
                if a.status == DONE and a.done_on and a.done_on > today:
                    found.append(((*where, "done_on"), "The done date cannot be later than today."))
                # Done before its planned start is fine (people finish early); a done date on an action that
                # is not done is dropped when the plan is saved, rather than refused.
        for c in self.checkpoints:
            check_year(("checkpoint", c.position, "on"), c.on)
        return found

    def progress(self, today: date) -> Progress:
        actions = [a for g in self.short_goals for a in g.actions]
        dated = sorted((c for c in self.checkpoints if c.on), key=lambda c: (c.on, c.position))
        return Progress(
            goals=len(self.goals),
            goals_done=sum(g.is_done for g in self.short_goals),
            actions=sum(a.status != DROPPED for a in actions),
            actions_done=sum(a.is_done for a in actions),
            actions_overdue=sum(a.is_overdue(today) for a in actions),
            checkpoints=len(self.checkpoints),
            checkpoints_held=sum(c.is_held for c in self.checkpoints),
            upcoming=[c for c in dated if c.is_upcoming(today)],
            overdue_checkpoints=[c for c in dated if c.is_overdue(today)],
        )

    def to_json(self) -> dict:
        return {
            "short_goals": [g.to_json() for g in self.short_goals],
            "long_goals": [g.to_json() for g in self.long_goals],
            "tasks_more": list(self.tasks_more),
            "tasks_less": [{"task": t.task, "how": t.how} for t in self.tasks_less],
            "skills": list(self.skills),
            "checkpoints": [c.to_json() for c in self.checkpoints],
            "shared": self.shared,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> PlanContent:
        data = data or {}
        return cls(
            short_goals=[ShortGoal.from_json(g) for g in data.get("short_goals") or []],
            long_goals=[LongGoal.from_json(g) for g in data.get("long_goals") or []],
            tasks_more=[str(t) for t in data.get("tasks_more") or []],
            tasks_less=[TaskToReduce(t.get("task") or "", t.get("how") or "") for t in data.get("tasks_less") or []],
            skills=[str(s) for s in data.get("skills") or []],
            checkpoints=[Checkpoint.from_json(c) for c in data.get("checkpoints") or []],
            shared=bool(data.get("shared")),
        )


# What changed between two versions, in words.


@dataclass
class Change:
    """One change in a sentence; a reworded text also keeps its old and new wording, shown word by word."""

    text: str
    before: str = ""
    after: str = ""

    def __post_init__(self):
        # A quotation that ends a sentence carries its own full stop: “Speak up.” rather than “Speak up.”.
        for mark in (".", "?", "!", "…"):
            self.text = self.text.replace(f"{mark}”.", f"{mark}”")

    @property
    def words(self) -> list[tuple[str, str]]:
        return word_diff(self.before, self.after) if (self.before or self.after) else []


@dataclass
class PartChanges:
    title: str
    changes: list[Change]


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    """(``same`` | ``removed`` | ``added``, words) runs that turn ``before`` into ``after``."""
    old, new = before.split(), after.split()
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(old[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", " ".join(old[i1:i2])))
        if j2 > j1:
            runs.append(("added", " ".join(new[j1:j2])))
    return runs


def _quote(text: str, limit: int = 120) -> str:
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _dates(label: str, before: date | None, after: date | None) -> str:
    if before and after:
        return f"{label} moved from {day(before)} to {day(after)}."
    if after:
        return f"{label} set to {day(after)}."
    return f"{label} cleared (was {day(before)})."


def _action_summary(a: Action) -> str:
    parts = [_quote(a.what) if a.what else "no description yet"]
    if a.starts_on or a.due_on:
        parts.append(" to ".join(filter(None, [day(a.starts_on) or "…", day(a.due_on) or "…"])))
    if a.status != NOT_STARTED:
        parts.append(a.status_label.lower())
    return ", ".join(parts)


def _action_changes(prefix: str, old: Action | None, new: Action | None) -> list[Change]:
    if old is None and new is not None:
        return [Change(f"{prefix} added: {_action_summary(new)}.")]
    if new is None and old is not None:
        return [Change(f"{prefix} removed: {_action_summary(old)}.")]
    changes = []
    for name, label in (("what", "reworded"), ("how", "how to do it reworded"), ("resources", "resources reworded")):
        if getattr(old, name) != getattr(new, name):
            changes.append(Change(f"{prefix}: {label}.", getattr(old, name), getattr(new, name)))
    if old.starts_on != new.starts_on:
        changes.append(Change(_dates(f"{prefix}: start date", old.starts_on, new.starts_on)))
    if old.due_on != new.due_on:
        changes.append(Change(_dates(f"{prefix}: completion date", old.due_on, new.due_on)))
    if old.status != new.status:
        when = f" on {day(new.done_on)}" if new.status == DONE and new.done_on else ""
        changes.append(Change(f"{prefix}: {old.status_label.lower()} → {new.status_label.lower()}{when}."))
    elif old.done_on != new.done_on and new.status == DONE:
        changes.append(Change(_dates(f"{prefix}: done date", old.done_on, new.done_on)))
    return changes


def _paired(old: list, new: list):
    """(position, the old item or None, the new item or None) for every position in either list, in order."""
    before, after = {item.position: item for item in old}, {item.position: item for item in new}
    for position in sorted(before.keys() | after.keys()):
        yield position, before.get(position), after.get(position)


def _short_goal_changes(old: list[ShortGoal], new: list[ShortGoal]) -> list[Change]:
    changes = []
    for position, o, n in _paired(old, new):
        name = f"Goal {position}"
        if o is None:
            changes.append(Change(f"{name} added: {_quote(n.goal) if n.goal else 'no wording yet'}."))
            o = ShortGoal(position)
        elif n is None:
            changes.append(
                Change(
                    f"{name} removed: {_quote(o.goal) if o.goal else 'without wording'}, "
                    f"with its {len(o.actions)} action{'s' if len(o.actions) != 1 else ''}."
                )
            )
            continue
        elif o.goal != n.goal:
            changes.append(Change(f"{name} reworded.", o.goal, n.goal))
        for number, old_action, new_action in _paired(o.actions, n.actions):
            changes += _action_changes(f"{name}, action {number}", old_action, new_action)
        if n.is_done and not o.is_done:
            changes.append(Change(f"{name} reached: every action is done."))
    return changes


def _long_goal_changes(old: list[LongGoal], new: list[LongGoal]) -> list[Change]:
    changes = []
    for position, o, n in _paired(old, new):
        name = f"Long-term goal {position}"
        if o is None:
            changes.append(Change(f"{name} added: {_quote(n.goal) if n.goal else 'no wording yet'}."))
            continue
        if n is None:
            changes.append(Change(f"{name} removed: {_quote(o.goal) if o.goal else 'without wording'}."))
            continue
        if o.goal != n.goal:
            changes.append(Change(f"{name} reworded.", o.goal, n.goal))
        for attribute, label in LONG_FIELDS:
            before_text, after_text = getattr(o, attribute), getattr(n, attribute)
            if before_text == after_text:
                continue
            if not before_text:
                changes.append(Change(f"{name}: {label} added: {_quote(after_text)}."))
            elif not after_text:
                changes.append(Change(f"{name}: {label} removed (was {_quote(before_text)})."))
            else:
                changes.append(Change(f"{name}: {label} changed.", before_text, after_text))
    return changes


def _list_changes(old: list, new: list) -> list[Change]:
    """Items added, removed or reworded, matched by their text rather than their place in the list."""
    before, after = [str(item) for item in old], [str(item) for item in new]
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            changes += [Change("Reworded.", before[i], after[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        changes += [Change(f"Removed: {_quote(before[i])}.") for i in range(i1, i2)]
        changes += [Change(f"Added: {_quote(after[j])}.") for j in range(j1, j2)]
    return changes


def _checkpoint_summary(c: Checkpoint) -> str:
    parts = [day(c.on) or "no date yet"]
    if c.how:
        parts.append(c.how_label.lower())
    text = ", ".join(parts)
    return f"{text}: {_quote(c.purpose)}" if c.purpose else text


def _checkpoint_changes(old: list[Checkpoint], new: list[Checkpoint]) -> list[Change]:
    changes = []
    for position, o, n in _paired(old, new):
        name = f"Checkpoint {position}"
        if o is None:
            changes.append(Change(f"{name} added: {_checkpoint_summary(n)}."))
            continue
        if n is None:
            changes.append(Change(f"{name} removed: {_checkpoint_summary(o)}."))
            continue
        if o.on != n.on:
            changes.append(Change(_dates(f"{name}: date", o.on, n.on)))
        if o.how != n.how:
            changes.append(
                Change(
                    f"{name}: now {n.how_label.lower() or 'without a way set'}"
                    f"{f' (was {o.how_label.lower()})' if o.how else ''}."
                )
            )
        if o.purpose != n.purpose:
            changes.append(Change(f"{name}: purpose reworded.", o.purpose, n.purpose))
        if o.held_on != n.held_on:
            changes.append(
                Change(f"{name}: held on {day(n.held_on)}." if n.held_on else f"{name}: no longer marked held.")
            )
    return changes


def changes_between(old: PlanContent, new: PlanContent) -> list[PartChanges]:
    """What changed from ``old`` to ``new``, part by part in the guide's order; parts without change left out."""
    parts = [
        PartChanges("Short-term goals", _short_goal_changes(old.short_goals, new.short_goals)),
        PartChanges("Long-term goals", _long_goal_changes(old.long_goals, new.long_goals)),
        PartChanges("Tasks to do more of", _list_changes(old.tasks_more, new.tasks_more)),
        PartChanges("Tasks to reduce, drop or delegate", _list_changes(old.tasks_less, new.tasks_less)),
        PartChanges("Skills, knowledge and experience to gain", _list_changes(old.skills, new.skills)),
        PartChanges("Progress checkpoints", _checkpoint_changes(old.checkpoints, new.checkpoints)),
    ]
    if old.shared != new.shared:
        parts.append(
            PartChanges(
                "Sharing",
                [Change("Shared with the coordinator." if new.shared else "No longer shared with the coordinator.")],
            )
        )
    return [part for part in parts if part.changes]
