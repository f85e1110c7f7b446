"""V5: a plan follows a mentee to a new partnership only by her choice; the new mentor never sees an earlier
version or comment, and the new match's figures count only its own plan."""

import pytest
from django.urls import reverse

from matches.services import match_close
from matches.tests.factories import MatchFactory
from plans import selectors
from plans.models import Comment, Plan
from plans.services import PlanError, action_status_set, plan_continue

from .factories import PlanContentFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(match, coordinator):
    """Mira's plan, three versions and a comment with her first mentor; then a new partnership."""
    plan = PlanFactory(mentee=match.mentee, versions=3, content=PlanContentFactory(skills=["EARLIER-SKILL"]))
    Comment.objects.create(plan=plan, author=match.mentor, body="EARLIER-COMMENT about the former mentor", version=3)
    match_close(match=match, by=coordinator, reason="completed", note="")
    newer = MatchFactory(mentee=match.mentee)
    return plan, match, newer


def figures(match):
    row = selectors.active_matches_with_progress().get(pk=match.pk)
    return row.plan_version, row.plan_actions, row.plan_checkpoints


def test_before_she_chooses_the_new_mentor_reads_nothing_and_the_figures_count_nothing(client, moved):
    plan, _, newer = moved
    client.force_login(newer.mentor)
    for url in [
        plan.get_absolute_url(),
        reverse("plans:versions", args=[plan.pk]),
        reverse("plans:pdf", args=[plan.pk]),
    ]:
        assert client.get(url).status_code == 404
    assert figures(newer) == (0, 0, 0)
    with pytest.raises(PlanError, match="choose first"):
        action_status_set(plan=plan, goal=1, action=1, status="done", by=newer.mentee)


def test_carrying_over_copies_the_text_as_the_new_partnerships_first_version(client, moved):
    plan, former, newer = moved
    client.force_login(newer.mentee)
    page = client.post(reverse("plans:carry"), {"choice": "carry"}, follow=True).content.decode()
    assert "Your plan is carried over" in page
    plan.refresh_from_db()
    assert (plan.version, plan.first_version, plan.match_id) == (4, 4, newer.pk)
    assert figures(newer)[1] == 2  # the carried plan's actions count for the new partnership

    client.force_login(newer.mentor)
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert "EARLIER-SKILL" in detail  # today's text, carried over by her choice
    assert "EARLIER-COMMENT" not in detail
    assert "EARLIER-COMMENT" not in client.get(reverse("plans:comments", args=[plan.pk])).content.decode()
    versions = client.get(reverse("plans:versions", args=[plan.pk])).content.decode()
    assert "Version 4" in versions or "version 4" in versions
    for number in (1, 2, 3):
        assert client.get(reverse("plans:version", args=[plan.pk, number])).status_code == 404
    assert client.get(reverse("plans:diff", args=[plan.pk]) + "?from=1&to=4").status_code == 200
    assert (
        "Choose two versions between 4 and 4"
        in client.get(reverse("plans:diff", args=[plan.pk]) + "?from=1&to=4", follow=True).content.decode()
    )

    client.force_login(newer.mentee)  # the earlier versions stay hers
    assert client.get(reverse("plans:version", args=[plan.pk, 1])).status_code == 200
    client.force_login(former.mentor)  # and the former partners keep their archive
    assert "EARLIER-SKILL" in client.get(reverse("endings:plan_archive", args=[former.pk])).content.decode()


def test_starting_a_new_plan_leaves_nothing_of_the_earlier_one_to_the_new_mentor(client, moved):
    plan, _, newer = moved
    client.force_login(newer.mentee)
    response = client.post(reverse("plans:carry"), {"choice": "new"}, follow=True)
    assert "A new plan is started" in response.content.decode()
    plan.refresh_from_db()
    assert (plan.first_version, plan.match_id) == (4, newer.pk)
    assert figures(newer) == (4, 0, 0)
    client.force_login(newer.mentor)
    detail = client.get(plan.get_absolute_url()).content.decode()
    assert "EARLIER-SKILL" not in detail
    assert "EARLIER-COMMENT" not in detail


def test_choosing_twice_changes_nothing(client, moved):
    plan, _, newer = moved
    assert plan_continue(mentee=newer.mentee, carry=True, by=newer.mentee) is not None
    assert plan_continue(mentee=newer.mentee, carry=False, by=newer.mentee) is None
    assert Plan.objects.get(pk=plan.pk).version == 4
    client.force_login(newer.mentee)
    again = client.post(reverse("plans:carry"), {"choice": "new"}, follow=True).content.decode()
    assert "You had already chosen" in again


def test_a_plan_begun_before_any_partnership_goes_to_the_first_mentor_whole(client, mentee):
    plan = PlanFactory(mentee=mentee, versions=2)
    match = MatchFactory(mentee=mentee)
    client.force_login(match.mentor)
    assert client.get(plan.get_absolute_url()).status_code == 200
    assert client.get(reverse("plans:version", args=[plan.pk, 1])).status_code == 200
    assert figures(match)[0] == 2


def test_a_bad_choice_is_refused_without_a_500(client, moved):
    _, _, newer = moved
    client.force_login(newer.mentee)
    page = client.post(reverse("plans:carry"), {"choice": "<script>"}, follow=True).content.decode()
    assert "Please choose one of the two." in page


def test_the_migration_leaves_a_plan_an_earlier_partner_read_with_that_partnership(client, match, coordinator):
    import importlib

    from django.apps import apps
    from django.utils import timezone

    migration = importlib.import_module("plans.migrations.0002_plan_follows_a_partnership")
    plan = PlanFactory(mentee=match.mentee)
    match_close(match=match, by=coordinator, reason="completed", note="")
    newer = MatchFactory(mentee=match.mentee, started_at=timezone.now())
    fresh = PlanFactory(mentee=MatchFactory().mentee)
    Plan.objects.update(match=None)

    migration.attach_existing_plans(apps, None)

    assert Plan.objects.get(pk=plan.pk).match_id == match.pk  # the earlier one's: she is asked
    assert Plan.objects.get(pk=fresh.pk).match_id is not None  # saved during its partnership: that one's
    client.force_login(newer.mentor)
    assert client.get(plan.get_absolute_url()).status_code == 404
