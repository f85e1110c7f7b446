"""The pages keep to their Content-Security-Policy in Chromium: no inline script or style, nothing
from elsewhere. Every main page of every kind of person is opened, with its menu, and any violation
the browser reports (console or securitypolicyviolation event) fails the test with its page."""

import io

import pytest
from django.core.management import call_command

from checkins.links import answer_url
from checkins.models import CheckIn
from plans.models import Plan
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__violations.push(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


def test_pages_pass_their_content_security_policy(browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo", stdout=io.StringIO())
    checkin = CheckIn.objects.filter(role="mentor", status="open").first()
    plan = Plan.objects.get(mentee__email="priya@example.com")
    found, visited = {}, []

    def visit(email, paths):
        context = browser.new_context(viewport={"width": 1440, "height": 900})  # the coordinator's menu on one line
        context.add_init_script(LISTEN)
        page = context.new_page()
        console = []
        page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
        if email:
            browser_log_in(page, live_server.url, email, "mentoring-demo")
        for path in paths:
            response = page.goto(live_server.url + path)
            assert "default-src 'self'" in (response.headers.get("content-security-policy") or ""), path
            menu = page.locator("nav [data-bs-toggle=dropdown]")
            if menu.count():
                menu.first.click()  # Bootstrap's JavaScript positions the menu
            page.wait_for_timeout(50)
            problems = page.evaluate("window.__violations") + console
            console.clear()
            if problems:
                found[f"{email or 'visitor'} {path}"] = problems
            visited.append(path)
        context.close()

    visit(
        None,
        [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/login/code/",
            "/accounts/password/reset/",
            "/guide/",
            "/guide/boundaries/",
            "/contact/",
            answer_url(checkin),
        ],
    )
    visit(
        "coordinator@example.com",
        [
            "/",
            "/coordinator/dashboard/",
            "/coordinator/applications/",
            "/coordinator/matching/",
            "/coordinator/checkins/",
            "/coordinator/participants/",
            "/coordinator/matches/",
            "/coordinator/settings/",
            "/coordinator/invite/",
            "/coordinator/agreements/",
            "/coordinator/plans/",
            "/coordinator/concerns/",
            "/coordinator/surveys/",
            "/coordinator/search/?q=zo",
            f"/plans/{plan.pk}/",
            "/admin/",
        ],
    )
    visit(
        "priya@example.com",
        [
            "/",
            "/my-match/",
            "/plan/",
            f"/plans/{plan.pk}/",
            f"/plans/{plan.pk}/edit/",
            f"/plans/{plan.pk}/changes/?from=1&to=2",
            f"/plans/{plan.pk}/comments/",
            "/concerns/report/",
            "/resources/",
            "/accounts/2fa/",
        ],
    )
    visit("zoe@example.com", ["/", "/my-match/", "/hours/statement/", f"/plans/{plan.pk}/", "/thanks/"])
    visit("lea@example.com", ["/", "/apply/mentee/"])

    assert found == {}
    assert len(visited) > 35
