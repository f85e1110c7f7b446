"""The plan's form, slot by slot as in the guide's template, and the small forms of the plan page."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms

from core.ids import ID_MAX

from . import content as c
from .content import PlanContent


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date, for example 2026-03-15."},
    )


def _text(label: str, max_length: int, rows: int = 0, help_text: str = "") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=False, max_length=max_length, help_text=help_text, widget=widget, strip=True
    )


@functools.cache
def _plan_fields() -> dict[str, forms.Field]:
    """The plan's hundred fields, made once per process: each form gets copies of them (as Django copies a
    form's declared fields), about half the cost of making them anew for every page."""
    f: dict[str, forms.Field] = {}
    for n in range(1, c.SHORT_GOALS + 1):
        f[f"s{n}_goal"] = _text(
            "The goal", 500, 2, "Specific and measurable, something you can reach in one to three years."
        )
        for m in range(1, c.ACTIONS_PER_GOAL + 1):
            p = f"s{n}_a{m}_"
            f[p + "what"] = _text("What you will do", 300)
            f[p + "how"] = _text("How you will do it", 1000, 2)
            f[p + "resources"] = _text("Resources you need", 500, 2, "People, courses, time, money, tools…")
            f[p + "starts_on"] = _date("Start date")
            f[p + "due_on"] = _date("Completion date")
            f[p + "status"] = forms.ChoiceField(label="Status", choices=c.STATUSES, required=False)
            f[p + "done_on"] = _date("Done on", "Today if you leave it empty; only kept while the action is done.")
    for n in range(1, c.LONG_GOALS + 1):
        p = f"l{n}_"
        f[p + "goal"] = _text("The goal", 500, 2, "Where you want to be in three years or more.")
        f[p + "steps"] = _text("Action steps", 1500, 3, "What will you do, when and where, and what will it lead to?")
        f[p + "timeframe"] = _text("Date or timeframe", 200)
        f[p + "obstacles"] = _text(
            "Obstacles and solutions", 1500, 3, "What could stand in the way, and what could you do about it?"
        )
        f[p + "evaluation"] = _text(
            "How you will judge success", 1000, 2, "For example: good feedback from a supervisor, a course passed."
        )
    for n in range(1, c.TASKS_MORE + 1):
        f[f"more{n}"] = _text(f"Task to do more of, {n}", 300)
    for n in range(1, c.TASKS_LESS + 1):
        f[f"less{n}_task"] = _text(f"Task to do less of, {n}", 300)
        f[f"less{n}_how"] = _text("How to reduce, drop or delegate it", 500)
    for n in range(1, c.SKILLS + 1):
        f[f"skill{n}"] = _text(f"Skill, knowledge or experience {n}", 300)
    for n in range(1, c.CHECKPOINTS + 1):
        f[f"c{n}_on"] = _date("Date")
        f[f"c{n}_how"] = forms.ChoiceField(
            label="How", required=False, choices=[("", "Not decided yet"), *c.WAY_LABELS.items()]
        )
        f[f"c{n}_purpose"] = _text("Purpose", 500, 2, "What will you look at, or have done, by then?")
        f[f"c{n}_held"] = forms.BooleanField(label="Held: we had this checkpoint", required=False)
    return f


@dataclass
class Group:
    """Fields shown together (a goal, an action, a checkpoint): open when it holds anything or is the first."""

    legend: str
    fields: list
    open: bool
    children: list | None = None
    slug: str = ""
    preview: str = ""


def _shown_and_more(items: list, filled) -> tuple[list, list]:
    """The items to show (those filled in, and one empty one to add to) and the others, for a "more" fold."""
    last = max((i for i, item in enumerate(items) if filled(item)), default=-1)
    return items[: last + 2], items[last + 2 :]


class PlanForm(forms.Form):
    based_on = forms.IntegerField(min_value=0, max_value=ID_MAX, widget=forms.HiddenInput)
    shared = forms.BooleanField(
        required=False,
        label="Share my plan with the coordinator",
        help_text="Without this, the coordinator sees only how far along you are (goals, actions done, "
        "checkpoints), never what you wrote. With it, the coordinator can read your plan and its PDF too; "
        "your comments with your mentor stay between you. You can change your mind at any time.",
    )

    def __init__(self, data=None, *, content: PlanContent, based_on: int, today: date):
        self.base = content
        self.today = today
        super().__init__(data, initial={**self.initial_for(content), "based_on": based_on})
        shared = self.fields.pop("shared")
        self.fields.update({name: copy.deepcopy(field) for name, field in _plan_fields().items()})
        self.fields["shared"] = shared  # the sharing choice last, as in the page

    @staticmethod
    def initial_for(content: PlanContent) -> dict:
        """The form's fields holding ``content`` (also what a test posts to save it unchanged)."""
        data: dict[str, Any] = {"shared": content.shared}
        for goal in content.short_goals:
            data[f"s{goal.position}_goal"] = goal.goal
            for a in goal.actions:
                p = f"s{goal.position}_a{a.position}_"
                data.update(
                    {
                        p + "what": a.what,
                        p + "how": a.how,
                        p + "resources": a.resources,
                        p + "starts_on": a.starts_on,
                        p + "due_on": a.due_on,
                        p + "status": a.status,
                        p + "done_on": a.done_on,
                    }
                )
        for long_goal in content.long_goals:
            for name in ("goal", "steps", "timeframe", "obstacles", "evaluation"):
                data[f"l{long_goal.position}_{name}"] = getattr(long_goal, name)
        for n, task in enumerate(content.tasks_more[: c.TASKS_MORE], 1):
            data[f"more{n}"] = task
        for n, less in enumerate(content.tasks_less[: c.TASKS_LESS], 1):
            data[f"less{n}_task"], data[f"less{n}_how"] = less.task, less.how
        for n, skill in enumerate(content.skills[: c.SKILLS], 1):
            data[f"skill{n}"] = skill
        for point in content.checkpoints:
            p = f"c{point.position}_"
            data.update(
                {p + "on": point.on, p + "how": point.how, p + "purpose": point.purpose, p + "held": point.is_held}
            )
        return data

    def _content(self, data: dict) -> PlanContent:
        short = []
        for n in range(1, c.SHORT_GOALS + 1):
            actions = []
            for m in range(1, c.ACTIONS_PER_GOAL + 1):
                p = f"s{n}_a{m}_"
                actions.append(
                    c.Action(
                        position=m,
                        what=data.get(p + "what", ""),
                        how=data.get(p + "how", ""),
                        resources=data.get(p + "resources", ""),
                        starts_on=data.get(p + "starts_on"),
                        due_on=data.get(p + "due_on"),
                        status=data.get(p + "status") or c.NOT_STARTED,
                        done_on=data.get(p + "done_on"),
                    )
                )
            short.append(c.ShortGoal(position=n, goal=data.get(f"s{n}_goal", ""), actions=actions))
        long = [
            c.LongGoal(
                position=n,
                **{
                    name: data.get(f"l{n}_{name}", "")
                    for name in ("goal", "steps", "timeframe", "obstacles", "evaluation")
                },
            )
            for n in range(1, c.LONG_GOALS + 1)
        ]
        points = []
        for n in range(1, c.CHECKPOINTS + 1):
            p = f"c{n}_"
            held_on = None
            if data.get(p + "held"):
                before = self.base.checkpoint(n)
                # Held before, on the same date: keep the day it was marked held.
                held_on = (
                    before.held_on if before and before.held_on and before.on == data.get(p + "on") else self.today
                )
            points.append(
                c.Checkpoint(
                    position=n,
                    on=data.get(p + "on"),
                    how=data.get(p + "how", ""),
                    purpose=data.get(p + "purpose", ""),
                    held_on=held_on,
                )
            )
        return PlanContent(
            short_goals=short,
            long_goals=long,
            tasks_more=[data.get(f"more{n}", "") for n in range(1, c.TASKS_MORE + 1)],
            tasks_less=[
                c.TaskToReduce(data.get(f"less{n}_task", ""), data.get(f"less{n}_how", ""))
                for n in range(1, c.TASKS_LESS + 1)
            ],
            skills=[data.get(f"skill{n}", "") for n in range(1, c.SKILLS + 1)],
            checkpoints=points,
            shared=bool(data.get("shared")),
        )

    def clean(self):
        cleaned = super().clean() or {}
        for where, message in self._content(cleaned).problems(self.today):
            name = f"s{where[1]}_a{where[2]}_{where[3]}" if where[0] == "short" else f"c{where[1]}_{where[2]}"
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned

    def content(self) -> PlanContent:
        """What the mentee wrote, for ``services.plan_save``."""
        return self._content(self.cleaned_data)

    # The form in the template's order.

    def _has(self, names) -> bool:
        source = self.data if self.is_bound else self.initial
        for name in names:
            if name.endswith("_status"):
                continue  # a status alone does not make an action
            value = source.get(name)
            if value not in (None, "", False, c.NOT_STARTED) or name in self.errors:
                return True
        return False

    def short_goal_groups(self) -> list[Group]:
        groups = []
        for n in range(1, c.SHORT_GOALS + 1):
            actions = []
            for m in range(1, c.ACTIONS_PER_GOAL + 1):
                names = [
                    f"s{n}_a{m}_{x}" for x in ("what", "how", "resources", "starts_on", "due_on", "status", "done_on")
                ]
                actions.append(
                    Group(
                        f"Goal {n}, action {m}", [self[x] for x in names], m == 1 or self._has(names), slug=f"s{n}-a{m}"
                    )
                )
            names = [f"s{n}_goal"] + [field.name for a in actions for field in a.fields]
            groups.append(
                Group(
                    f"Short-term goal {n}",
                    [self[f"s{n}_goal"]],
                    n == 1 or self._has(names),
                    actions,
                    slug=f"s{n}",
                    preview=self._value(f"s{n}_goal"),
                )
            )
        return groups

    def long_goal_groups(self) -> list[Group]:
        groups = []
        for n in range(1, c.LONG_GOALS + 1):
            names = [f"l{n}_{x}" for x in ("goal", "steps", "timeframe", "obstacles", "evaluation")]
            groups.append(
                Group(
                    f"Long-term goal {n}",
                    [self[x] for x in names],
                    n == 1 or self._has(names),
                    slug=f"l{n}",
                    preview=self._value(f"l{n}_goal"),
                )
            )
        return groups

    def _value(self, name) -> str:
        source = self.data if self.is_bound else self.initial
        return str(source.get(name) or "")

    def tasks_more_fields(self) -> tuple[list, list]:
        return _shown_and_more([self[f"more{n}"] for n in range(1, c.TASKS_MORE + 1)], lambda f: self._has([f.name]))

    def tasks_less_groups(self) -> tuple[list, list]:
        groups = [
            Group(f"Task to do less of, {n}", [self[f"less{n}_task"], self[f"less{n}_how"]], True, slug=f"less{n}")
            for n in range(1, c.TASKS_LESS + 1)
        ]
        return _shown_and_more(groups, lambda g: self._has([f.name for f in g.fields]))

    def skill_fields(self) -> tuple[list, list]:
        return _shown_and_more([self[f"skill{n}"] for n in range(1, c.SKILLS + 1)], lambda f: self._has([f.name]))

    def checkpoint_groups(self) -> list[Group]:
        groups = []
        for n in range(1, c.CHECKPOINTS + 1):
            names = [f"c{n}_{x}" for x in ("on", "how", "purpose", "held")]
            groups.append(Group(f"Checkpoint {n}", [self[x] for x in names], n <= 2 or self._has(names), slug=f"c{n}"))
        return groups


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=c.STATUSES)


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Please write your comment first."},
    )
    goal = forms.CharField(required=False, max_length=8, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, min_value=1, max_value=ID_MAX, widget=forms.HiddenInput)
