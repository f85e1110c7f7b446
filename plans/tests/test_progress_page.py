"""The coordinator's list of plans reads its page's figures in three grouped queries (``matches_progress``): they are
the figures of the per-row annotations (``progress_annotations``), the partnership's own plan only (V5)."""

import pytest
from django.urls import reverse

from matches.services import match_close
from matches.tests.factories import MatchFactory
from plans import selectors

from .factories import ActionFactory, CheckpointFactory, PlanContentFactory, PlanFactory, ShortGoalFactory, days

pytestmark = pytest.mark.django_db

FIGURES = [
    "plan_id",
    "plan_version",
    "plan_shared",
    "plan_goals",
    "plan_actions",
    "plan_actions_done",
    "plan_actions_overdue",
    "plan_checkpoints",
    "plan_checkpoints_held",
    "plan_checkpoints_overdue",
    "plan_next_checkpoint",
]


def test_the_page_figures_are_those_of_the_annotations(coordinator):
    overdue_and_done = PlanContentFactory(
        short_goals=[
            ShortGoalFactory(
                position=1,
                actions=[
                    ActionFactory(position=1, due_on=days(-5)),  # overdue
                    ActionFactory(position=2, status="done", due_on=days(-5)),
                ],
            ),
            ShortGoalFactory(position=2, actions=[ActionFactory(position=1, status="dropped")]),
        ],
        checkpoints=[CheckpointFactory(position=1, on=days(-3)), CheckpointFactory(position=2, on=days(9))],
    )
    busy = MatchFactory()
    PlanFactory(mentee=busy.mentee, content=overdue_and_done, versions=2)
    plain = MatchFactory()
    PlanFactory(mentee=plain.mentee)
    MatchFactory()  # no plan yet
    former = MatchFactory()  # the mentee's plan stays with her first partnership until she chooses
    PlanFactory(mentee=former.mentee, versions=3)
    match_close(match=former, by=coordinator, reason="completed", note="")
    MatchFactory(mentee=former.mentee)

    annotated = {m.pk: [getattr(m, f) for f in FIGURES] for m in selectors.active_matches_with_progress()}
    listed = selectors.matches_progress(list(selectors.active_matches_listed()))

    assert len(listed) == 4
    assert {m.pk: [getattr(m, f) for f in FIGURES] for m in listed} == annotated
    figures = {name: getattr({m.pk: m for m in listed}[busy.pk], name) for name in FIGURES}
    assert [figures[name] for name in ("plan_version", "plan_goals", "plan_actions", "plan_actions_done")] == [
        2,
        3,
        2,
        1,
    ]
    assert [figures[name] for name in ("plan_actions_overdue", "plan_checkpoints", "plan_checkpoints_overdue")] == [
        1,
        2,
        1,
    ]
    assert figures["plan_next_checkpoint"] == days(9)


def test_the_filters_keep_the_same_matches_as_the_annotations(client, coordinator):
    late = MatchFactory()
    PlanFactory(
        mentee=late.mentee,
        content=PlanContentFactory(short_goals=[ShortGoalFactory(actions=[ActionFactory(due_on=days(-2))])]),
    )
    none = MatchFactory()
    client.force_login(coordinator)

    overdue = client.get(reverse("plans:overview"), {"overdue": "1"}).content.decode()
    not_started = client.get(reverse("plans:overview"), {"started": "no"}).content.decode()

    assert late.mentee.name in overdue
    assert none.mentee.name not in overdue
    assert none.mentee.name in not_started
    assert late.mentee.name not in not_started
    assert [m.pk for m in selectors.active_matches_listed(overdue=True)] == [late.pk]
    assert [m.pk for m in selectors.active_matches_listed(started=True)] == [late.pk]
