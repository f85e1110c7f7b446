"""M3/M4 in Chromium on the demo data.

Propose for everyone (a task with a progress page), read the reasons, drop one, publish the rest.
"""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from match_requests.models import MentorRequest, RequestStatus
from match_requests.services import request_withdraw
from matches.models import Match, MatchStatus
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_runs_the_bulk_proposal_on_the_demo_data(page, live_server, settings):
    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo")
    # The demo's Olek waits for his own request's answer (M8), which the bulk proposal leaves alone:
    # withdrawn here, so that he waits for the coordinator's proposal beside Mateo.
    for request in MentorRequest.objects.filter(status=RequestStatus.OPEN):
        request_withdraw(request_id=request.pk, by=request.mentee)
    mail.outbox.clear()

    browser_log_in(page, live_server.url, "coordinator@example.com", "mentoring-demo")
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Matching").click()
    page.get_by_role("button", name="Propose matches").click()

    # The proposal runs as a task behind a progress page, then the workspace shows its drafts.
    page.get_by_text(re.compile(r"\d+ draft match(es)? proposed")).wait_for()
    assert "?proposal=" in page.url
    drafts = page.locator("article.card")
    proposed = drafts.count()
    assert proposed >= 2
    # Every draft explains its score.
    first = drafts.first
    assert "Discipline" in first.inner_text()
    assert "Expertise" in first.inner_text()
    dropped = first.get_by_role("heading").inner_text()

    first.get_by_role("button", name=re.compile("^Drop")).click()
    page.get_by_text("dropped").wait_for()
    assert page.locator("article.card").count() == proposed - 1

    page.get_by_role("link", name=re.compile("^Publish all")).click()
    page.get_by_text(re.compile(r"both people of each are introduced by e-mail")).wait_for()
    assert mail.outbox == [], "the confirmation page sends nothing"
    page.get_by_role("button", name="Publish them and send the introductions").click()
    page.get_by_text(re.compile(r"\d+ match(es)? published")).wait_for()

    published = list(Match.objects.filter(status=MatchStatus.ACTIVE, events__note="Bulk proposal").distinct())
    assert len(published) == proposed - 1
    assert not Match.objects.proposed().exists()
    for match in published:
        assert f"{match.mentee.name} with {match.mentor.name}" != dropped
        for person, partner in ((match.mentee, match.mentor), (match.mentor, match.mentee)):
            received = [m for m in mail.outbox if m.to == [person.email] and partner.name in m.subject]
            assert len(received) == 1, f"{person} should get one introduction to {partner}"
    assert len(mail.outbox) == 2 * len(published)
