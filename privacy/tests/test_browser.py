"""V1, V2, V5 in Chromium: a mentee agrees to the notice, downloads her data and erases her account on a phone;
her mentor's pages and the coordinator's dashboard read right afterwards."""

import re
import zipfile

import pytest

from checkins.tests.factories import CheckInFactory, NotebookEntryFactory
from matches.tests.factories import MatchFactory
from outbox.models import Message
from profiles.tests.factories import PASSWORD, ProfileFactory
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SHOTS = "/tmp/privacy-shots"


def test_a_mentee_downloads_her_data_and_erases_her_account(browser, live_server, coordinator, settings, tmp_path):
    settings.PRIVACY_ASK_CONSENT = True
    mentor = ProfileFactory(mentor=True, user__name="Søren Kristensen", user__email="soren@example.org").user
    mentee = ProfileFactory(user__name="Mateo García", user__email="mateo@example.org").user
    match = MatchFactory(mentor=mentor, mentee=mentee)
    CheckInFactory(match=match, role="mentor", status="answered", hours_video=4)
    NotebookEntryFactory(match=match, author=mentee, notes="MATEO-NOTEBOOK about the site visit")
    NotebookEntryFactory(match=match, author=mentor, notes="SOREN-NOTEBOOK on drawings")

    context = browser.new_context(**PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, mentee.email, PASSWORD)
    page.get_by_role("heading", name="Before you go on: our privacy notice").wait_for()
    page.screenshot(path=f"{SHOTS}/1-consent.png", full_page=True)
    page.get_by_label("I have read the privacy notice and agree to it.").check()
    page.get_by_role("button", name="Agree and continue").click()
    page.get_by_text("your agreement to the privacy notice is recorded").wait_for()

    page.goto(f"{live_server.url}/account/")
    page.get_by_role("button", name="Download my data").click()
    page.get_by_text("We are preparing your data").wait_for()
    page.screenshot(path=f"{SHOTS}/2-account-after-download.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    message = Message.objects.get(to=[mentee.email], subject="Your data is ready to download")
    link = re.search(r"(/privacy/download/\S+)", message.text).group(1)
    with page.expect_download() as downloading:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; document.body.append(a); a.click(); }", link
        )
    path = tmp_path / "data.zip"
    downloading.value.save_as(path)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        text = archive.read("data.json").decode()
    assert "README.txt" in names
    assert "csv/notebook.csv" in names
    assert "MATEO-NOTEBOOK" in text
    assert "SOREN-NOTEBOOK" not in text

    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Erase my account").click()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_label("I understand that my account").check()
    page.screenshot(path=f"{SHOTS}/3-erase.png", full_page=True)
    page.get_by_role("button", name="Erase my account").click()
    page.get_by_role("heading", name="Your account is erased").wait_for()
    page.screenshot(path=f"{SHOTS}/4-erased.png", full_page=True)
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    from privacy.models import Consent

    Consent.objects.create(user=mentor, version=settings.PRIVACY_NOTICE_VERSION)
    browser_log_in(page, live_server.url, mentor.email, PASSWORD)
    page.goto(f"{live_server.url}/matches/{match.pk}/notebook/")
    main = page.locator("main").inner_text()
    assert "a former participant" in main
    assert "Mateo" not in main
    assert "SOREN-NOTEBOOK" in main
    assert "MATEO-NOTEBOOK" not in main
    page.screenshot(path=f"{SHOTS}/5-mentor-notebook.png", full_page=True)
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, coordinator.email, PASSWORD)
    page.goto(f"{live_server.url}/coordinator/dashboard/")
    main = page.locator("main").inner_text()
    assert "Mateo" not in main
    page.screenshot(path=f"{SHOTS}/6-dashboard.png", full_page=True)
    page.goto(f"{live_server.url}/coordinator/privacy/")
    assert "by the person" in page.locator("main").inner_text()
    page.screenshot(path=f"{SHOTS}/7-coordinator-privacy.png", full_page=True)
    context.close()


def test_a_mentee_chooses_to_carry_her_plan_to_a_new_mentor(browser, live_server, coordinator):
    from matches.services import match_close
    from plans.models import Comment
    from plans.tests.factories import PlanContentFactory, PlanFactory

    mentee = ProfileFactory(user__name="Mateo García", user__email="mateo@example.org").user
    first = MatchFactory(mentee=mentee)
    plan = PlanFactory(mentee=mentee, versions=2, content=PlanContentFactory(skills=["Estimating"]))
    Comment.objects.create(plan=plan, author=first.mentor, body="EARLIER-COMMENT", version=2)
    match_close(match=first, by=coordinator, reason="completed", note="")
    newer = MatchFactory(mentee=mentee)

    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/plan/")
    page.get_by_role("heading", name="Carry my plan over").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=f"{SHOTS}/8-plan-choice.png", full_page=True)
    page.get_by_role("button", name="Carry my plan over").click()
    page.get_by_text("Your plan is carried over").wait_for()
    context.close()

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, newer.mentor.email, PASSWORD)
    page.goto(f"{live_server.url}/plans/{plan.pk}/versions/")
    main = page.locator("main").inner_text()
    page.screenshot(path=f"{SHOTS}/9-new-mentor-versions.png", full_page=True)
    assert "3" in main
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert "Estimating" in page.locator("main").inner_text()
    assert "EARLIER-COMMENT" not in page.content()
    assert page.goto(f"{live_server.url}/plans/{plan.pk}/versions/1/").status == 404
    context.close()
