"""A coordinator's week in Chromium, on the demo data, served on a port that is not the default.

The applications digest arrives and its link opens the applications; one is approved and the next
opens; a partnership's page shows everything about it; the search finds a mentor; and a link in a
participant's e-mail opens the right page on this server.
"""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from checkins.links import answer_url
from checkins.models import CheckIn
from profiles.models import Profile, Status
from profiles.services import applications_digest
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https?://[^\s]+")


def test_a_coordinators_week(browser, live_server, settings):
    settings.DEBUG = True  # seed_demo only runs in development
    settings.SITE_URL = live_server.url  # as `make run PORT=...` does
    call_command("seed_demo")
    assert not live_server.url.endswith(":8000")
    mail.outbox.clear()

    # Monday: the digest of new applications.
    applications_digest()
    [digest] = [m for m in mail.outbox if m.to == ["coordinator@example.com"]]
    assert "new application" in digest.subject
    link = LINK.findall(str(digest.body))[-1]
    assert link.startswith(live_server.url)

    context = browser.new_context(viewport={"width": 1440, "height": 900})  # the coordinator's menu on one line
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, "coordinator@example.com", "mentoring-demo")
    page.goto(link)
    page.get_by_role("heading", name="Applications").wait_for()

    # An application is approved, and the next one waiting opens.
    first, second = Profile.objects.pending().order_by("submitted_at", "pk")[:2]
    page.goto(f"{live_server.url}/coordinator/applications/{first.pk}/")
    page.get_by_label("Approved").check()
    page.get_by_role("button", name=re.compile("Save")).click()
    page.get_by_text(f"{first.user.name} is now approved").wait_for()
    assert page.url.endswith(f"/coordinator/applications/{second.pk}/")
    assert Profile.objects.get(pk=first.pk).status == Status.APPROVED

    # A partnership's page: everything about it in one place.
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Matches").click()
    page.get_by_role("link", name="Aisha Bello with Grace Okafor").click()
    for section in (
        "The partners",
        "Check-in answers",
        "Timeline",
        "Agreements",
        "Action plan",
        "Concerns",
        "Contact logged",
    ):
        page.get_by_role("heading", name=re.compile(f"^{section}")).wait_for()
    assert "Bullying" in page.locator("main").inner_text()
    assert "Demo notes" not in page.content(), "never what the pair wrote"

    # The search box finds a mentor from any page.
    page.get_by_label("Search people and matches").fill("okafor")
    page.get_by_label("Search people and matches").press("Enter")
    page.get_by_role("link", name="Grace Okafor", exact=True).wait_for()
    context.close()

    # A participant's e-mailed link opens the right page on this server.
    checkin = CheckIn.objects.filter(person__email="grace@example.com", status="open").first()
    url = live_server.url + answer_url(checkin)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url)
    page.get_by_text("Hello Grace").wait_for()
    assert page.get_by_role("heading", name=re.compile("check-in")).is_visible()
    context.close()
