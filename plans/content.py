"""The action plan's content as plain data: the parts of the guide's template, what a version stores
(read back, cleaned, checked) and its progress on a given day. What changed between two versions is
``plans/diff.py``.

Plain Python: no database, no models (values come in plain). A version stores
``PlanContent.to_json()``; every page, PDF and diff reads it back with ``PlanContent.from_json``.
Goals and checkpoints keep the slot they were written in (short-term goal 2 stays goal 2 when goal 1
is cleared), so comments and the diff can name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

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
# two people are in touch, as everywhere in the program (profiles.models.Channel; a test keeps them equal).
WAY_LABELS = {
    "in_person": "In person",
    "video": "Video call",
    "phone": "Phone",
    "email": "E-mail",
    "text": "Text messages",
    "other": "Other",
}


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
        status = data["status"] if data.get("status") in STATUS_LABELS else NOT_STARTED
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
        how = data["how"] if data.get("how") in WAY_LABELS else ""
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
