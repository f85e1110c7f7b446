"""N1 in Chromium: the mentee signs first; the mentor sees the bell's count, opens the notification and signs;
the mentee gets the signed PDF, and the bell and its list work on a phone."""

import pytest
from django.core import mail

from agreements.services import agreement_sign
from matches.tests.factories import MatchFactory
from profiles.tests.factories import PASSWORD, ProfileFactory
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_in(browser, live_server, user, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, user.email, PASSWORD)
    return context, page


def test_the_mentor_hears_it_is_their_turn_signs_from_the_notification_and_the_mentee_gets_the_pdf(
    browser, live_server
):
    mentor = ProfileFactory(mentor=True, user__name="Grace Okafor", user__email="grace@example.org").user
    mentee = ProfileFactory(user__name="Aisha Bello", user__email="aisha@example.org").user
    other = ProfileFactory(user__name="Bo Lindqvist").user
    match = MatchFactory(mentor=mentor, mentee=mentee)
    MatchFactory(mentor=mentor, mentee=other)
    agreement_sign(match=match, kind="confidentiality", signer=mentee, typed_name="Aisha Bello", confirmed=True)

    context, page = log_in(browser, live_server, mentor)
    bell = page.get_by_role("link", name="Notifications 1 unread")
    bell.click()
    page.get_by_role("heading", name="Notifications").wait_for()
    page.get_by_role("heading", name="Today").wait_for()
    page.get_by_role(
        "button",
        name="Unread: Aisha Bello signed the confidentiality agreement of your partnership: your turn to sign.",
    ).click()
    page.get_by_label("Type your full name").fill("Grace Okafor")
    page.get_by_label("I have read this agreement and I agree to it.").check()
    page.get_by_role("button", name="Sign the agreement").click()
    page.get_by_text("Signed by you both").wait_for()
    # The turn's notice is read; the new one says both signed.
    page.get_by_role("link", name="Notifications 1 unread").click()
    page.get_by_role("button", name="Unread: You and Aisha Bello both signed the confidentiality agreement").wait_for()
    assert page.get_by_text("your turn to sign").count() == 1
    context.close()

    pdfs = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in pdfs) == ["aisha@example.org", "grace@example.org"]
    to_mentee = next(m for m in pdfs if m.to == ["aisha@example.org"])
    assert to_mentee.attachments[0][2] == "application/pdf"
    turn = [m for m in mail.outbox if m.to == ["grace@example.org"] and not m.attachments]
    assert [m.subject for m in turn] == ["Aisha Bello signed your confidentiality agreement: your turn"]

    # The mentee, on a phone: the bell is in the menu, the list says both signed, and all can be marked read.
    context, page = log_in(browser, live_server, mentee, width=390, height=844)
    page.get_by_role("button", name="Show or hide the menu").click()
    page.get_by_role("link", name="Notifications 1 unread").click()
    page.get_by_text("You and Grace Okafor both signed the confidentiality agreement").wait_for()
    page.get_by_role("button", name="Mark all as read").click()
    page.get_by_text("1 notification marked as read.").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
