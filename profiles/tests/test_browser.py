"""The whole way in, in a real Chromium: sign up, verify, apply, get approved, see the mentee home."""

import re

import pytest
from django.core import mail

from tests.harness import browser_log_in

from .factories import PASSWORD, DisciplineFactory, TopicFactory
from .utils import links_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_out(page, name):
    page.get_by_role("button", name=name).click()
    page.get_by_role("button", name="Log out").click()


def test_a_mentee_signs_up_applies_and_is_approved(page, live_server, coordinator):
    DisciplineFactory(name="Geomatics")
    TopicFactory(name="Networking")

    # Sign up.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_label("Full name").fill("Nguyễn Văn An")
    page.get_by_label("Email").fill("an@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name=re.compile("verify", re.I)).wait_for()

    # Follow the link in the verification e-mail.
    link = next(url for url in links_in(mail.outbox[-1]) if "/accounts/confirm-email/" in url)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    # Fill in a mentee application.
    page.get_by_role("link", name="Apply as a mentee").click()
    page.get_by_label("Which describes you best?").select_option(label="Internationally trained professional")
    page.get_by_label("Discipline").select_option(label="Geomatics")
    page.get_by_label("Your goals for the mentoring partnership").fill("Get my credentials recognised here.")
    page.get_by_label("Networking").check()
    page.get_by_label("Video call").check()
    page.get_by_label("Languages").fill("English, Vietnamese")
    page.get_by_label("How often would you like to meet?").select_option(label="Monthly")
    page.get_by_role("group", name="When could you usually meet?").get_by_label("Weekday evenings").check()
    page.get_by_role("group", name="When do you like to be contacted?").get_by_label("Weekends").check()
    page.get_by_label("Short bio").fill("Surveyor from Hanoi, new in Canada.")
    page.get_by_role("button", name="Send my application").click()
    page.get_by_role("heading", name="Pending review").wait_for()

    # The coordinator approves.
    log_out(page, "Nguyễn Văn An")
    browser_log_in(page, live_server.url, "coordinator@example.org", PASSWORD)
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_label("Approved").check()
    page.get_by_role("button", name="Save decision").click()
    page.get_by_text("Nguyễn Văn An is now approved").wait_for()
    assert any("approved" in m.subject for m in mail.outbox if m.to == ["an@example.org"])

    # The applicant now sees the mentee home page.
    log_out(page, "Casey Coordinator")
    browser_log_in(page, live_server.url, "an@example.org", PASSWORD)
    page.get_by_role("heading", name="Your mentor").wait_for()
    assert "waiting for a mentor" in page.content()


def test_a_coordinator_logs_in_with_the_code_of_their_authenticator_app(page, live_server, coordinator):
    from conftest import COORDINATOR_TOTP_SECRET
    from profiles.mfa import totp_code

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(coordinator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Two-Factor Authentication").wait_for()

    page.locator('input[name="code"]').fill("000000")
    page.get_by_role("button", name="Log in").click()
    page.get_by_text("Incorrect code").wait_for()
    page.locator('input[name="code"]').fill(totp_code(COORDINATOR_TOTP_SECRET))
    page.get_by_role("button", name="Log in").click()

    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.goto(f"{live_server.url}/coordinator/dashboard/")
    assert "/coordinator/dashboard/" in page.url
    page.get_by_role("heading", level=1).first.wait_for()


def test_a_participant_adds_a_security_key_and_logs_in_with_it(page, live_server, mentee, settings):
    from allauth.mfa.models import Authenticator

    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True  # the test server is http://localhost, not https
    # Chromium's virtual authenticator stands in for a USB key that is touched when asked.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    browser_log_in(page, live_server.url, mentee.email, PASSWORD)

    page.goto(f"{live_server.url}/accounts/2fa/")
    page.get_by_role("link", name="Add").first.wait_for()
    page.goto(f"{live_server.url}/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)  # allauth asks for the password before any change to two-factor
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Blue key")
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=mentee, type=Authenticator.Type.WEBAUTHN).count() == 1

    log_out(page, mentee.name)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(mentee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Two-Factor Authentication").wait_for()
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    assert mentee.name.split()[0] in page.content()
