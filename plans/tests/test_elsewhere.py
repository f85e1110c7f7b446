"""Where the plan shows on other apps' pages: the homes, My mentees, the introduction, the guide, the match
page and its timeline, the dashboard and the matches CSV; figures everywhere, text only for the pair."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matches.tests.factories import MatchFactory
from plans import services
from plans.models import Comment
from profiles.tests.factories import ProfileFactory

from .conftest import text_of
from .factories import ActionFactory, CheckpointFactory, PlanContentFactory, PlanFactory, ShortGoalFactory, days

pytestmark = pytest.mark.django_db


# Where the plan shows


def test_the_mentees_home_asks_for_a_first_draft_then_links_to_the_plan(client, match):
    client.force_login(match.mentee)
    home = client.get(reverse("home")).content.decode()
    assert "Please write a first draft of your action plan" in home
    assert reverse("plans:mine") in home

    plan = PlanFactory(mentee=match.mentee)
    home = client.get(reverse("home")).content.decode()
    assert "Please write a first draft" not in home
    assert plan.get_absolute_url() in home


def test_the_mentor_finds_the_plan_from_home_and_my_mentees(client, match):
    client.force_login(match.mentor)
    assert "action plan not started yet" in client.get(reverse("home")).content.decode()
    plan = PlanFactory(mentee=match.mentee)

    for url in (reverse("home"), reverse("my_match")):
        assert plan.get_absolute_url() in client.get(url).content.decode(), url


def test_the_introduction_and_the_first_meeting_guide_link_to_the_plan(
    client, coordinator, django_capture_on_commit_callbacks
):
    from matches.services import match_propose, match_publish

    mentor = ProfileFactory(mentor=True).user
    mentee = ProfileFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        match_publish(match=match_propose(mentee=mentee, mentor=mentor, by=coordinator), by=coordinator)

    [to_mentee] = [m for m in mail.outbox if m.to == [mentee.email]]
    [to_mentor] = [m for m in mail.outbox if m.to == [mentor.email]]
    assert reverse("my_plan") in to_mentee.body
    assert "first draft of your action plan" in to_mentee.body
    assert "action plan" in to_mentor.body
    assert "/my-match/" in to_mentor.body
    client.force_login(mentee)
    assert client.get(reverse("my_plan")).url == reverse("plans:mine")  # the e-mail's address leads to the plan
    assert reverse("plans:mine") in client.get(reverse("guide_page", args=["first-meeting"])).content.decode()


def test_the_match_page_and_timeline_show_progress_and_events_but_no_text(client, match, coordinator):
    goal = ShortGoalFactory(actions=[ActionFactory(position=1, due_on=days(-4))])
    plan = PlanFactory(
        mentee=match.mentee,
        content=PlanContentFactory(
            short_goals=[goal], checkpoints=[CheckpointFactory(on=days(-2)), CheckpointFactory(position=2, on=days(9))]
        ),
    )
    services.action_status_set(plan=plan, goal=1, action=1, status="done", by=match.mentee)
    client.force_login(coordinator)

    page = text_of(client.get(reverse("dashboard:match", args=[match.pk])))
    assert 'data-figure="actions-done">1 of 1<' in page
    assert 'data-figure="checkpoints-overdue">1<' in page
    assert f'data-figure="next-checkpoint">{days(9):%-d %b %Y}<' in page
    timeline = text_of(client.get(reverse("dashboard:match", args=[match.pk])))
    assert "Plan started (version 1)" in timeline
    assert "Progress recorded (version 2)" in timeline
    assert "Goal reached: Short-term goal 1 (version 2)" in timeline
    for secret in ("Pass the certification exam", "Review the exam preparation", "Read chapter"):
        assert secret not in page
        assert secret not in timeline


@pytest.mark.parametrize("url_name", ["plans:detail", "dashboard:match"])
def test_the_plan_page_and_the_match_page_make_a_fixed_number_of_queries(client, coordinator, url_name):
    """A plan with one goal and one version, and one with three goals and ten versions."""
    counts = []
    for goals, versions in ((1, 1), (3, 10)):
        match = MatchFactory()
        plan = PlanFactory(mentee=match.mentee, content=PlanContentFactory(goals=goals), versions=versions)
        for n in range(goals):
            Comment.objects.create(plan=plan, author=match.mentor, body="Comment", goal=f"short-{n + 1}", version=1)
        viewer = match.mentor if url_name == "plans:detail" else coordinator
        client.force_login(viewer)
        url = reverse(url_name, args=[plan.pk if url_name == "plans:detail" else match.pk])
        client.get(url)  # warm caches (sessions, content types)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


# The dashboard, its list and the CSV


def test_the_dashboard_counts_plans_started_and_actions_overdue_and_links_to_lists(client, coordinator):
    late = ShortGoalFactory(
        actions=[ActionFactory(position=1, due_on=days(-3)), ActionFactory(position=2, due_on=days(-1))]
    )
    behind, on_track, unstarted = MatchFactory(), MatchFactory(), MatchFactory()
    PlanFactory(mentee=behind.mentee, content=PlanContentFactory(short_goals=[late]))
    PlanFactory(mentee=on_track.mentee)
    PlanFactory(content=PlanContentFactory(short_goals=[late]))  # a mentee with no active match: not counted
    client.force_login(coordinator)

    board = client.get(reverse("dashboard:dashboard")).content.decode()
    assert re.search(r'data-figure="plans-started">\s*2\s*<', board)
    assert re.search(r'data-figure="actions-overdue">\s*2\s*<', board)
    assert reverse("plans:overview") + "?overdue=1" in board

    overdue = client.get(reverse("plans:overview"), {"overdue": "1"}).content.decode()
    assert behind.mentee.name in overdue
    assert on_track.mentee.name not in overdue
    not_started = client.get(reverse("plans:overview"), {"started": "no"}).content.decode()
    assert unstarted.mentee.name in not_started
    assert behind.mentee.name not in not_started
    assert "Pass the certification exam" not in overdue


def test_the_matches_csv_has_plan_progress_columns_in_a_fixed_number_of_queries(client, coordinator):
    def rows():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("dashboard:export", args=["matches"]))
            body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(body))), len(queries.captured_queries)

    client.force_login(coordinator)
    match = MatchFactory()
    goal = ShortGoalFactory(
        actions=[ActionFactory(position=1, status="done", done_on=days(-1)), ActionFactory(position=2, due_on=days(-1))]
    )
    PlanFactory(mentee=match.mentee, content=PlanContentFactory(short_goals=[goal]))
    rows()
    small, small_count = rows()
    for _ in range(4):
        PlanFactory(mentee=MatchFactory().mentee, content=PlanContentFactory(goals=3), versions=3)
    large, large_count = rows()

    assert small_count == large_count
    [row] = small
    assert (
        row["Plan version"],
        row["Plan goals"],
        row["Plan actions done"],
        row["Plan actions"],
        row["Plan actions overdue"],
        row["Plan checkpoints held"],
        row["Plan checkpoints"],
        row["Plan checkpoints overdue"],
        row["Next plan checkpoint"],
    ) == ("1", "2", "1", "2", "1", "0", "1", "0", days(20).isoformat())
    assert len(large) == 5


def test_the_demo_mentees_have_plans_at_different_stages(settings):
    from django.core.management import call_command
    from django.utils import timezone

    from plans.models import Plan
    from plans.selectors import progress_of

    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo")

    plans = {plan.mentee.email: plan for plan in Plan.objects.select_related("mentee")}
    aisha, priya, an = (plans[f"{name}@example.com"] for name in ("aisha", "priya", "an"))
    assert aisha.version >= 4
    assert progress_of(aisha).checkpoints_held >= 1
    assert progress_of(aisha).goals_done >= 1
    assert aisha.versions.order_by("saved_at").first().saved_at < timezone.now() - timedelta(days=60)
    assert progress_of(priya).overdue_checkpoints
    assert priya.comments.exists()
    assert an.version == 1
    assert an.mentee.mentee_matches.filter(status="active").exists()
