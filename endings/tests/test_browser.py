"""E1–E3 in Chromium: a mentee closes as completed on a phone, answers the survey, thanks and nominates the
mentor; the coordinator sees the close, the survey result and the nomination."""

import re

import pytest
from django.core import mail

from matches.tests.factories import MatchFactory
from profiles.models import ProgramSettings
from profiles.tests.factories import PASSWORD, ProfileFactory
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_a_mentee_ends_well_and_the_coordinator_sees_it(browser, live_server, coordinator):
    settings_ = ProgramSettings.load()
    settings_.award_name = "Golden Compass Award"
    settings_.save()
    mentor = ProfileFactory(mentor=True, user__name="Søren Kristensen", user__email="soren@example.org").user
    mentee = ProfileFactory(user__name="Mateo García", user__email="mateo@example.org").user
    match = MatchFactory(mentor=mentor, mentee=mentee)

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/my-match/")
    page.get_by_role("link", name="Close the partnership").click()
    page.get_by_label("We reached what we set out to do (completed)").check()
    page.get_by_label("A note (optional)").fill("A great year; I am ready to lead on my own.")
    page.get_by_role("button", name="Close the partnership").click()
    page.get_by_text("Your partnership with Søren Kristensen is closed").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("link", name="Answer the survey").first.click()
    page.get_by_label("5 · Very well").check()
    page.get_by_label("Yes", exact=True).first.check()
    page.get_by_label("What helped most?").fill("Honest feedback every month.")
    page.locator("input[name=again][value=yes]").check()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_text("Your answers help the program get better").wait_for()

    page.goto(f"{live_server.url}/matches/{match.pk}/closed/")
    page.get_by_role("link", name="Write a thank-you note").click()
    page.get_by_label("Your note").fill("Thank you for believing in me.")
    page.get_by_role("button", name="Send my note").click()
    page.get_by_text("Your note is on its way to Søren Kristensen").wait_for()
    page.get_by_role("link", name="Nominate Søren for the Golden Compass Award").click()
    page.get_by_label("Why does your mentor deserve it?").fill("He asked the questions that made me find my way.")
    page.get_by_role("button", name="Send my nomination").click()
    page.get_by_text("Søren Kristensen is nominated").wait_for()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/coordinator/dashboard/")
    assert page.locator("[data-figure=closures]").inner_text() == "1"
    assert "Mateo García with Søren Kristensen: completed" in page.locator("main").inner_text()
    page.get_by_role("link", name="Closing surveys").click()
    assert page.locator("[data-figure^=average]").inner_text() == "5.0"
    assert "Honest feedback every month." in page.content()
    page.goto(f"{live_server.url}/coordinator/nominations/")
    assert "He asked the questions that made me find my way." in page.content()
    context.close()

    to_mentor = [m for m in mail.outbox if m.to == [mentor.email]]
    assert any("is closed" in m.subject for m in to_mentor)
    assert any("thank-you note" in m.subject for m in to_mentor)
    assert not any("A great year" in m.body for m in to_mentor), "the mentee's note is for the coordinator"
    assert not any(re.search("nominat", str(m.body), re.I) for m in to_mentor)
