"""Pages pass axe-core's WCAG 2 A/AA rules in Chromium, for visitors, the coordinator and participants, on a phone too."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkins.links import answer_url
from checkins.models import CheckIn
from checkins.services import checkins_open_month
from plans.models import Plan
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()  # axe-core 4.14.1, MPL-2.0
RULES = "{runOnly: ['wcag2a', 'wcag2aa']}"


def violations(page) -> list:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        f"async () => (await axe.run(document, {RULES})).violations"
        ".map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"
    )


def test_pages_have_no_wcag_violations(browser, live_server, settings):
    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo")
    checkins_open_month(month=timezone.localdate())
    checkin = CheckIn.objects.filter(role="mentor").first()
    plan = Plan.objects.get(mentee__email="priya@example.com")
    aisha = Plan.objects.get(mentee__email="aisha@example.com")
    found = {}

    def visit(context_options, email, paths):
        context = browser.new_context(**context_options)
        page = context.new_page()
        if email:
            browser_log_in(page, live_server.url, email, "mentoring-demo")
        for path in paths:
            page.goto(live_server.url + path)
            if problems := violations(page):
                found[f"{email or 'visitor'} {path}"] = problems
        context.close()

    desktop, phone = {"viewport": {"width": 1280, "height": 900}}, {"viewport": {"width": 375, "height": 740}}
    visit(phone, None, ["/", "/accounts/login/", "/accounts/signup/", "/accounts/login/code/", "/guide/",
                        "/guide/boundaries/", "/contact/", answer_url(checkin)])
    visit(desktop, "coordinator@example.com", [
        "/", "/coordinator/dashboard/", "/coordinator/applications/", "/coordinator/matching/",
        "/coordinator/checkins/", "/coordinator/participants/", "/coordinator/matches/", "/coordinator/settings/",
        "/coordinator/invite/", "/coordinator/agreements/", "/coordinator/plans/", f"/plans/{plan.pk}/",
    ])
    visit(phone, "priya@example.com", ["/", "/my-match/", "/guide/mentees/", "/plan/", f"/plans/{plan.pk}/edit/",
                                       f"/plans/{plan.pk}/versions/", f"/plans/{plan.pk}/versions/2/",
                                       f"/plans/{plan.pk}/changes/?from=1&to=2", f"/plans/{plan.pk}/comments/"])
    visit(desktop, "aisha@example.com", [f"/plans/{aisha.pk}/", f"/plans/{aisha.pk}/edit/"])
    visit(phone, "an@example.com", ["/plan/", "/plan/new/"])
    visit(phone, "zoe@example.com", ["/", "/my-match/", "/hours/statement/", f"/plans/{plan.pk}/"])
    visit(phone, "lea@example.com", ["/", "/apply/mentee/"])

    assert found == {}
