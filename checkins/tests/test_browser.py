"""C4 on a phone: a mentor follows the e-mailed link, reports hours, and the coordinator sees them."""

import re

import pytest
from django.core import mail
from django.utils import timezone

from checkins.services import checkins_open_month
from matches.tests.factories import MatchFactory
from profiles.tests.factories import PASSWORD
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://[^\s/]+(/checkins/\d+/[^\s]+/)")


def test_a_mentor_answers_from_a_phone_and_the_coordinator_sees_the_hours(browser, live_server, coordinator, mentor):
    MatchFactory(mentor=mentor)
    checkins_open_month(month=timezone.localdate())
    path = LINK.search(str(next(m for m in mail.outbox if m.to == [mentor.email]).body)).group(1)

    phone = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    page.goto(live_server.url + path)
    page.get_by_label("A short update on your partnership").fill("Two good sessions on her new role.")
    page.get_by_label("Going well").check()
    page.get_by_label("In person").fill("1.5")
    page.get_by_label("E-mail").fill("1.25")
    page.get_by_label("Video").fill("0.75")
    assert page.locator("[data-total]").inner_text() == "3.5 h"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the form fits a phone's width"
    page.get_by_role("button", name="Send my check-in").click()
    page.get_by_text("Thank you! Your answer is saved.").wait_for()
    phone.close()

    desk = browser.new_context(viewport={"width": 1440, "height": 900})
    page = desk.new_page()
    browser_log_in(page, live_server.url, coordinator.email, PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Check-ins").click()
    row = page.get_by_role("row", name=re.compile(rf"^{re.escape(mentor.name)} Mentor "))
    assert "3.5 h" in row.inner_text()
    assert "Going well" in row.inner_text()
    desk.close()


def test_the_coordinators_check_ins_fit_a_phone_with_the_hours_in_view(browser, live_server, coordinator, mentor):
    from checkins.models import CheckIn

    MatchFactory(mentor=mentor)
    checkins_open_month(month=timezone.localdate())
    CheckIn.objects.filter(person=mentor).update(status="answered", answered_at=timezone.now(), hours_in_person=2)

    phone = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True, has_touch=True)
    page = phone.new_page()
    browser_log_in(page, live_server.url, coordinator.email, PASSWORD)
    page.goto(live_server.url + "/coordinator/checkins/")
    hours = page.locator("td[data-label^='Hours for']").first
    box = hours.bounding_box()

    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page fits a phone's width"
    assert page.evaluate("document.querySelector('.table-responsive-md').scrollWidth") <= 390, "the table too"
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390, "the hours are on screen"
    assert "2 h" in hours.inner_text()
    assert hours.evaluate("cell => getComputedStyle(cell, '::before').content").startswith('"Hours for')
    phone.close()
