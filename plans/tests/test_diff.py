"""What changed between two versions, in words (plans/diff.py): plain Python, no database."""

import copy
from datetime import timedelta

from django.utils import timezone

from plans import content as c
from plans import diff

from .factories import PlanContentFactory


def test_the_changes_between_versions_are_told_in_words():
    old = PlanContentFactory(goals=2, tasks_more=["Site inspections", "Client calls"])
    new = copy.deepcopy(old)
    new.short_goals.pop()
    new.tasks_more[1] = "Client visits"
    new.shared = True
    new.short_goals[0].goal = old.short_goals[0].goal + " in spring"
    due_on = old.short_goals[0].actions[1].due_on
    assert due_on is not None
    new.short_goals[0].actions[1].due_on = due_on + timedelta(days=7)
    new.long_goals[0].obstacles = ""
    new.checkpoints[0].held_on = timezone.localdate()

    parts = {part.title: [change.text for change in part.changes] for part in diff.changes_between(old, new)}

    assert parts["Short-term goals"][0] == "Goal 1 reworded."
    assert parts["Short-term goals"][1].startswith("Goal 1, action 2: completion date moved from ")
    assert parts["Short-term goals"][2].startswith("Goal 2 removed: “Pass the certification exam")
    assert parts["Long-term goals"] == [
        "Long-term goal 1: obstacles and solutions removed (was “Little time: ask for a mentor on site.”)."
    ]
    assert parts["Tasks to do more of"] == ["Reworded."]
    assert parts["Progress checkpoints"] == [f"Checkpoint 1: held on {c.day(timezone.localdate())}."]
    assert parts["Sharing"] == ["Shared with the coordinator."]
    assert diff.word_diff("pass the exam", "pass the exam in spring") == [
        ("same", "pass the exam"),
        ("added", "in spring"),
    ]
    assert diff.changes_between(old, old) == []
