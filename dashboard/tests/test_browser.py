"""D1–D3 in Chromium on the demo data: the dashboard's charts draw, "at risk" leads to the list and a match."""

import pytest
from django.core.management import call_command

from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_reads_the_dashboard_and_follows_at_risk(page, live_server, settings):
    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo")

    browser_log_in(page, live_server.url, "coordinator@example.com", "mentoring-demo")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Dashboard").click()

    page.get_by_role("heading", name="The program at a glance").wait_for()
    hours_chart = page.get_by_role("img", name="Hours per month by form of contact, last 12 months")
    assert hours_chart.locator("rect[data-value]").count() > 0
    box = hours_chart.bounding_box()
    assert box["width"] > 200, "the chart is drawn at a readable size"
    assert box["height"] > 80, "the chart is drawn at a readable size"
    rate_chart = page.get_by_role("img", name="Check-in response rate by month, last 12 months")
    assert rate_chart.locator("circle[data-value]").count() > 0
    page.get_by_text("The numbers").first.click()
    assert page.get_by_role("table", name="Hours reported for each month, by form of contact").is_visible()

    page.get_by_role("link", name="match at risk").click()
    row = page.get_by_role("row").filter(has_text="Priya Raman with Zoë Fairbairn")
    assert "missed the last two check-ins" in row.inner_text()
    row.get_by_role("link").click()
    page.get_by_role("heading", name="Priya Raman with Zoë Fairbairn").wait_for()
    assert "Check-in" in page.content()
    assert "Contact" in page.content()
    assert "Demo notes only the partners can read." not in page.content()
