"""V5: the privacy notice, with the real settings; consent asked, kept with its version, asked again for a new one."""

import pytest
from django.urls import reverse

from privacy.models import Consent, PrivacySettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _ask(settings):
    settings.PRIVACY_ASK_CONSENT = True


def test_the_notice_states_the_settings_and_the_contact(client):
    PrivacySettings.objects.create(pk=1, partnership_texts_months=18, concerns_months=30)
    page = client.get(reverse("privacy:notice")).content.decode()
    assert "deleted 18 months after the partnership closes" in page
    assert "30 months after they are resolved" in page
    assert "Contact" in page


def test_an_applicant_agrees_before_applying_and_the_version_is_kept(client, mentee, settings):
    client.force_login(mentee)
    asked = client.get(reverse("account"))
    assert asked["Location"].startswith(reverse("privacy:consent"))
    page = client.get(asked["Location"]).content.decode()
    assert "privacy notice" in page
    refused = client.post(asked["Location"], {"next": reverse("account")})
    assert "Please tick the box" in refused.content.decode()
    agreed = client.post(asked["Location"], {"agree": "on", "next": reverse("account")}, follow=True)
    assert "your agreement to the privacy notice is recorded" in agreed.content.decode()
    assert agreed.redirect_chain[-1][0] == reverse("account")
    assert list(Consent.objects.values_list("user", "version")) == [(mentee.pk, settings.PRIVACY_NOTICE_VERSION)]
    assert client.get(reverse("account")).status_code == 200


def test_a_new_version_asks_again_at_next_login(client, mentee, settings):
    Consent.objects.create(user=mentee, version=settings.PRIVACY_NOTICE_VERSION)
    client.force_login(mentee)
    assert client.get(reverse("account")).status_code == 200
    settings.PRIVACY_NOTICE_VERSION = "2027-06"
    client.force_login(mentee)
    assert client.get(reverse("account"))["Location"].startswith(reverse("privacy:consent"))
    client.post(reverse("privacy:consent"), {"agree": "on"})
    assert sorted(Consent.objects.values_list("version", flat=True)) == ["2026-12", "2027-06"]


def test_the_consent_page_never_sends_away_from_the_site(client, mentee):
    client.force_login(mentee)
    response = client.post(reverse("privacy:consent"), {"agree": "on", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_coordinators_and_visitors_are_not_asked(client, coordinator):
    assert client.get(reverse("home")).status_code == 200
    client.force_login(coordinator)
    assert client.get(reverse("privacy:coordinator")).status_code == 200
