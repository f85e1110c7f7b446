"""A1–A3 on a phone in Chromium: the mentee drafts a plan with two goals, the mentor comments, the mentee
answers and marks an action done, and the progress shows on the coordinator's match page."""

import pytest

from matches.tests.factories import MatchFactory
from plans.models import Comment, Plan
from profiles.tests.factories import PASSWORD, ProfileFactory
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def on_phone(browser, live_server, user):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, user.email, PASSWORD)
    return context, page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_plan_is_drafted_commented_and_advanced_from_a_phone(browser, live_server, coordinator):
    mentor = ProfileFactory(mentor=True, user__name="Søren Kristensen", user__email="soren@example.org").user
    mentee = ProfileFactory(user__name="Zoë Łukasz", user__email="zoe@example.org").user
    match = MatchFactory(mentor=mentor, mentee=mentee)

    context, page = on_phone(browser, live_server, mentee)
    page.get_by_role("link", name="Write my first draft").click()
    page.get_by_role("link", name="Write the first draft").click()
    page.locator("#edit-s1").get_by_label("The goal").fill("Pass the certification exam by June")
    first = page.get_by_role("group", name="Goal 1, action 1")
    first.get_by_label("What you will do").fill("Book the exam and a study plan")
    first.get_by_label("Completion date").fill("2030-05-31")
    page.locator("summary", has_text="Short-term goal 2").click()  # opens the second goal
    page.locator("#edit-s2").get_by_label("The goal").fill("Speak up in team meetings")
    page.get_by_role("group", name="Goal 2, action 1").get_by_label("What you will do").fill(
        "Present one topic a month"
    )
    assert fits(page), "the form fits a phone's width"
    page.get_by_role("button", name="Save my first draft").click()
    page.get_by_text("Your first draft is saved as version 1.").wait_for()
    assert fits(page), "the plan fits a phone's width"
    context.close()

    context, page = on_phone(browser, live_server, mentor)
    page.get_by_role("button", name="Show or hide the menu").click()
    page.get_by_role("link", name="My mentees").click()
    page.get_by_role("link", name="Zoë's action plan").click()
    assert "Speak up in team meetings" in page.content()
    page.get_by_text("Comment on short-term goal 1", exact=True).click()
    page.get_by_label("Your comment on short-term goal 1").fill("Which exam session suits you best?")
    page.get_by_role("button", name="Send the comment").click()
    page.get_by_text("Your comment is added.").wait_for()
    context.close()

    context, page = on_phone(browser, live_server, mentee)
    page.get_by_role("link", name="My action plan").click()
    goal = page.locator("#goal-short-1")
    assert "Which exam session suits you best?" in goal.inner_text()
    goal.get_by_text("Answer", exact=True).click()
    goal.get_by_label("Your answer to Søren").fill("The June one, after the busy season.")
    goal.get_by_role("button", name="Send the answer").click()
    page.get_by_text("Your answer is added.").wait_for()
    page.locator("#goal-short-1").get_by_label("Status").select_option("done")
    page.locator("#goal-short-1").get_by_role("button", name="Save the status of goal 1, action 1").click()
    page.get_by_text("Goal 1, action 1: done. Saved as version 2.").wait_for()
    assert "reached" in page.locator("#goal-short-1").inner_text()
    context.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    browser_log_in(page, live_server.url, coordinator.email, PASSWORD)
    page.goto(live_server.url + match.get_absolute_url())
    progress = page.locator(".plan-progress")
    assert "1 of 2" in progress.locator("[data-figure=actions-done]").inner_text()
    assert "Pass the certification exam" not in page.content(), "the coordinator sees figures, not the text"
    desk.close()

    plan = Plan.objects.get(mentee=mentee)
    assert plan.version == 2
    assert list(Comment.objects.order_by("pk").values_list("author__email", flat=True)) == [
        "soren@example.org",
        "zoe@example.org",
    ]
