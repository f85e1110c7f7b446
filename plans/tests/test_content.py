"""The plan's content as plain data (plans/content.py): no database."""

from plans import content as c
from profiles.models import Channel

from .factories import PlanContentFactory


def test_content_survives_its_json_and_ignores_what_it_does_not_know():
    content = PlanContentFactory(goals=3)
    assert c.PlanContent.from_json(content.to_json()) == content
    odd = c.PlanContent.from_json(
        {
            "short_goals": [{"position": 2, "actions": [{"status": "exploded", "due_on": "soon"}]}],
            "checkpoints": [{"how": "telepathy"}],
            "unknown": 1,
        }
    )
    assert odd.short_goals[0].actions[0].status == c.NOT_STARTED
    assert odd.short_goals[0].actions[0].due_on is None
    assert odd.checkpoints[0].how == ""


def test_the_ways_a_checkpoint_happens_are_the_programs_channels():
    assert dict(Channel.choices) == c.WAY_LABELS
