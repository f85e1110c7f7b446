"""What changed between two versions of an action plan, in words: part by part in the guide's order,
a reworded text also word by word.

Plain Python, like ``plans/content.py``, whose ``PlanContent`` it compares.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from core.worddiff import word_diff

from .content import DONE, NOT_STARTED, Action, Checkpoint, LongGoal, PlanContent, ShortGoal, day

# A long-term goal's parts besides its wording, as the diff names them.
LONG_FIELDS = [
    ("steps", "action steps"),
    ("timeframe", "date or timeframe"),
    ("obstacles", "obstacles and solutions"),
    ("evaluation", "how success will be judged"),
]


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
    if old is None or new is None:
        return []
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
            changes += [
                Change("Reworded.", before[i], after[j]) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            ]
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


def summary_of(parts: list[PartChanges], most: int = 3) -> list[str]:
    """A version's change in a line a part: the changes themselves up to ``most``, how many beyond."""
    return [
        f"{part.title}: " + " ".join(change.text for change in part.changes)
        if len(part.changes) <= most
        else f"{part.title}: {len(part.changes)} changes (open the version to read them)"
        for part in parts
    ]
