"""K1 on a phone: a mentee proposes a meeting, her mentor accepts it, the invitation arrives, and after the
meeting "Did you meet? Yes" fills the notebook in."""

import os
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from matches.tests.factories import MatchFactory
from meetings.models import Meeting
from profiles.tests.factories import PASSWORD
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = os.environ.get("SCREENSHOTS_DIR")  # set it to keep the screenshots (the closing note looks at them)
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{page.url} is wider than the phone"


def test_propose_accept_see_the_invitation_then_did_you_meet_yes_fills_the_notebook(
    browser, live_server, mentor, mentee
):
    match = MatchFactory(mentor=mentor, mentee=mentee)
    day = timezone.localdate() + timedelta(days=5)

    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    browser_log_in(page, live_server.url, mentee.email, PASSWORD)
    page.goto(f"{live_server.url}/my-match/")
    page.get_by_role("link", name=f"Meetings with {mentor.get_short_name()}").click()
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Starts at").fill("18:30")
    page.get_by_label("Length").select_option("90")
    page.get_by_label("Video call").check()
    page.get_by_label("Video link").fill("https://meet.example.org/mira-morgan")
    page.get_by_label("Career paths").check()
    page.get_by_label("What to talk about").fill("My interview next month.")
    fits(page)
    shot(page, "1-propose")
    page.get_by_role("button", name="Propose to Morgan").click()
    page.get_by_text("Meeting proposed. Morgan is asked to answer by e-mail.").wait_for()
    page.get_by_text("Waiting for Morgan's answer").wait_for()
    phone.close()

    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    browser_log_in(page, live_server.url, mentor.email, PASSWORD)
    page.goto(live_server.url + "/")
    page.get_by_text("Mira proposes a meeting").wait_for()
    shot(page, "2-home-answer")
    page.get_by_role("link", name="Answer").click()
    assert "My interview next month." in page.content()
    assert "Career paths" in page.content()
    fits(page)
    shot(page, "3-answer")
    page.get_by_role("button", name="Accept").click()
    page.get_by_text("Meeting accepted. You both get a calendar invitation by e-mail.").wait_for()
    page.get_by_text("Planned", exact=True).wait_for()
    phone.close()

    # The invitation, as Mira's e-mail program shows it, with the calendar file attached.
    [invitation] = [m for m in mail.outbox if m.to == [mentee.email] and "meeting with Morgan" in m.subject]
    [(filename, ics, mimetype)] = invitation.attachments
    assert filename == "invitation.ics"
    assert mimetype == "text/calendar; method=REQUEST"
    assert "BEGIN:VEVENT" in (ics.decode() if isinstance(ics, bytes) else ics)
    assert isinstance(invitation, EmailMultiAlternatives)
    html = next(str(content) for content, kind in invitation.alternatives if kind == "text/html")
    phone = browser.new_context(**PHONE)
    page = phone.new_page()
    page.set_content(html)
    assert "Your meeting with" in page.inner_text("body")
    assert "18:30 to 20:00" in page.inner_text("body")
    shot(page, "4-invitation-email")

    # Two days after the meeting: Mira is asked on her home.
    meeting = Meeting.objects.get(match=match)
    start = timezone.now() - timedelta(days=2)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=start, ends_at=start + timedelta(minutes=90))
    browser_log_in(page, live_server.url, mentee.email, PASSWORD)
    page.goto(live_server.url + "/")
    page.get_by_text("Did you meet?").wait_for()
    shot(page, "5-did-you-meet")
    page.get_by_role("link", name="Yes, log it").click()
    assert page.get_by_label("How long (minutes)").input_value() == "90"
    assert page.get_by_label("Date").input_value() == timezone.localdate(start).isoformat()
    assert page.get_by_label("How did you meet?").input_value() == "video"
    assert "Career paths" in page.get_by_label("Topics").input_value()
    fits(page)
    shot(page, "6-held-form")
    page.get_by_role("button", name="Log it in our notebook").click()
    page.get_by_text("Logged in your notebook as held. Thank you!").wait_for()
    assert "90 min" in page.content()
    shot(page, "7-notebook")
    phone.close()
    assert Meeting.objects.get(pk=meeting.pk).outcome == "held"
