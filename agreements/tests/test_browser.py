"""G1–G4 in Chromium: the pair agree the terms, both sign, and download the signed PDF."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core import mail
from pypdf import PdfReader

from agreements.models import Agreement
from matches.tests.factories import MatchFactory
from profiles.tests.factories import PASSWORD, ProfileFactory
from tests.harness import browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def log_in(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    browser_log_in(page, live_server.url, user.email, PASSWORD)
    return context, page


def open_partnership(page):
    page.get_by_role("link", name="Mentoring partnership agreement").first.click()


def test_both_partners_sign_and_download_the_pdf(browser, live_server):
    mentor = ProfileFactory(mentor=True, user__name="Søren Kristensen", user__email="soren@example.org").user
    mentee = ProfileFactory(user__name="Zoë Łukasz", user__email="zoe@example.org").user
    MatchFactory(mentor=mentor, mentee=mentee)

    context, page = log_in(browser, live_server, mentee)
    page.get_by_role("link", name="Mentoring partnership agreement").click()  # "waiting for your signature"
    open_partnership(page)
    page.get_by_label("Our goals for this partnership").fill("Pass the certification exam in spring.")
    page.get_by_label("Minimum length (months)").fill("9")
    page.get_by_role("button", name="Save the terms").click()
    page.get_by_text("Terms saved.").wait_for()
    page.get_by_label("Type your full name").fill("Zoë Łukasz")
    page.get_by_label("I have read this agreement and I agree to it.").check()
    page.get_by_role("button", name="Sign the agreement").click()
    page.get_by_text("Signed. Your partner is next").wait_for()
    context.close()

    context, page = log_in(browser, live_server, mentor)
    page.get_by_role("link", name="Mentoring partnership agreement").click()
    open_partnership(page)
    assert "Pass the certification exam in spring." in page.content()
    page.get_by_label("Type your full name").fill("søren kristensen")
    page.get_by_label("I have read this agreement and I agree to it.").check()
    page.get_by_role("button", name="Sign the agreement").click()
    page.get_by_text("Signed by you both").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the signed PDF").click()
    data = Path(download_info.value.path()).read_bytes()
    context.close()

    agreement = Agreement.objects.get(kind="partnership")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Zoë Łukasz" in text
    assert "Søren Kristensen" in text
    assert "Pass the certification exam in spring." in text
    assert agreement.digest in text
    assert hashlib.sha256(agreement.content.encode()).hexdigest() == agreement.digest
    pdfs = [m for m in mail.outbox if m.attachments]  # beside the your-turn notice to the one who signed second
    assert sorted(m.to[0] for m in pdfs) == ["soren@example.org", "zoe@example.org"]
