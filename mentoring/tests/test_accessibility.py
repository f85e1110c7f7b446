"""Pages pass axe-core's WCAG 2 A/AA rules in Chromium, for visitors, the coordinator and participants, on a phone
too; and the first Tab stops of every page are seen: on screen, uncovered, with a focus ring of 3:1 or more."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from checkins.links import answer_url
from checkins.models import CheckIn
from checkins.services import checkins_open_month
from meetings.models import Meeting
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


FOCUS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return "nothing has focus";
  const channel = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = c => { const [r, g, b] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map(channel);
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
                            return (x + 0.05) / (y + 0.05); };
  const behind = node => { for (let e = node; e; e = e.parentElement) {
                             const c = getComputedStyle(e).backgroundColor;
                             const alpha = c.startsWith("rgba") ? parseFloat(c.split(",")[3]) : 1;
                             if (alpha > 0.5) return c; }
                           return "rgb(255, 255, 255)"; };
  const text = (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 30);
  const name = `${el.tagName.toLowerCase()} "${text}"`;
  // A link that wraps has a box per line: the middle of the whole would fall between them, on the paragraph.
  const box = el.getClientRects()[0] || el.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  if (box.width < 1 || x < 0 || y < 0 || x > innerWidth || y > innerHeight) return `${name} is off-screen`;
  const top = document.elementFromPoint(x, y);
  if (!(top === el || el.contains(top))) return `${name} is covered by ${top && top.tagName}`;
  const style = getComputedStyle(el);
  if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2) return `${name} shows no focus ring`;
  const contrast = ratio(style.outlineColor, behind(el.parentElement));
  return contrast >= 3 ? "" : `${name}'s focus ring contrast is ${contrast.toFixed(2)}:1`;
}"""


def focus_problems(page, tabs=4) -> list[str]:
    """The first Tab stops of the page must each be seen: on screen, not covered, with a ring of 3:1 or more."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    problems = []
    for _ in range(tabs):
        page.keyboard.press("Tab")
        if problem := page.evaluate(FOCUS):
            problems.append(problem)
    return problems


def test_pages_have_no_wcag_violations(browser, live_server, settings):
    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo")
    checkins_open_month(month=timezone.localdate())
    checkin = CheckIn.objects.filter(role="mentor").first()
    plan = Plan.objects.get(mentee__email="priya@example.com")
    aisha = Plan.objects.get(mentee__email="aisha@example.com")
    priya_meeting = Meeting.objects.get(match__mentee__email="priya@example.com")
    an_meeting = Meeting.objects.get(match__mentee__email="an@example.com")
    found = {}

    def visit(context_options, email, paths):
        # axe is injected as an inline script, which the pages' policy refuses (tests/test_csp.py checks it).
        context = browser.new_context(bypass_csp=True, **context_options)
        page = context.new_page()
        if email:
            browser_log_in(page, live_server.url, email, "mentoring-demo")
        for path in paths:
            page.goto(live_server.url + path)
            wider = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            sideways = [f"{wider} px wider than the window: the page scrolls sideways"] if wider > 0 else []
            if problems := violations(page) + focus_problems(page) + sideways:
                found[f"{email or 'visitor'} {path}"] = problems
        context.close()

    desktop, phone = {"viewport": {"width": 1280, "height": 900}}, {"viewport": {"width": 375, "height": 740}}
    visit(
        phone,
        None,
        [
            "/",
            "/accounts/login/",
            "/accounts/signup/",
            "/accounts/login/code/",
            "/guide/",
            "/guide/boundaries/",
            "/contact/",
            answer_url(checkin),
        ],
    )
    visit(
        desktop,
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
            f"/plans/{plan.pk}/",
            "/coordinator/report/",
        ],
    )
    visit(
        phone,
        "priya@example.com",
        [
            "/",
            "/my-match/",
            "/guide/mentees/",
            "/plan/",
            f"/plans/{plan.pk}/edit/",
            f"/plans/{plan.pk}/versions/",
            f"/plans/{plan.pk}/versions/2/",
            f"/plans/{plan.pk}/changes/?from=1&to=2",
            f"/plans/{plan.pk}/comments/",
            f"/matches/{priya_meeting.match_id}/meetings/",
            f"/meetings/{priya_meeting.pk}/held/",
            "/account/",
            "/account/calendar/",
        ],
    )
    visit(desktop, "aisha@example.com", [f"/plans/{aisha.pk}/", f"/plans/{aisha.pk}/edit/"])
    visit(
        phone,
        "an@example.com",
        [
            "/plan/",
            "/plan/new/",
            "/",
            f"/matches/{an_meeting.match_id}/meetings/",
            f"/meetings/{an_meeting.pk}/change/",
        ],
    )
    visit(phone, "zoe@example.com", ["/", "/my-match/", "/hours/statement/", f"/plans/{plan.pk}/"])
    visit(phone, "lea@example.com", ["/", "/apply/mentee/"])

    assert found == {}
