"""Two-factor authentication: required of coordinators before any coordinator page, open to participants."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from profiles.mfa import totp_code
from profiles.services import coordinator_create

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def log_in(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD}, follow=True)


def activate(client):
    """Set up an authenticator app on the account page, as a person would (confirming the password
    first, as allauth asks before any change to two-factor); returns the key."""
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)}, follow=True)
    return secret, response


def test_a_coordinator_without_two_factor_is_sent_to_set_it_up_before_any_page(client):
    user, _ = coordinator_create(email="robin@example.org", name="Robin Ellis", password=PASSWORD)
    log_in(client, "robin@example.org")

    for url in (reverse("dashboard:dashboard"), reverse("home"), reverse("profiles:review_list"), "/admin/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain[0][0] == reverse("mfa_activate_totp"), url
        assert "set up two-factor authentication" in response.content.decode()

    _, activated = activate(client)

    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get(reverse("dashboard:dashboard")).status_code == 200
    assert "recovery" in activated.content.decode().lower()


def test_a_coordinator_logs_in_with_password_then_the_code(client, coordinator):
    first = log_in(client, coordinator.email)
    assert first.redirect_chain[-1][0] == reverse("mfa_authenticate")
    assert not first.context["user"].is_authenticated

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "Incorrect code" in wrong.content.decode()
    assert client.get(reverse("dashboard:dashboard")).status_code != 200

    from conftest import COORDINATOR_TOTP_SECRET

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(COORDINATOR_TOTP_SECRET)}, follow=True)
    assert right.context["user"] == coordinator
    assert client.get(reverse("dashboard:dashboard")).status_code == 200


def test_participants_are_not_asked_but_may_turn_it_on(client, mentor):
    client.force_login(mentor)
    assert client.get(reverse("my_match")).status_code == 200  # not sent to set it up
    assert "Authenticator App" in client.get(reverse("mfa_index")).content.decode()

    activate(client)
    client.post(reverse("account_logout"))
    asked = log_in(client, mentor.email)

    assert Authenticator.objects.filter(user=mentor, type="totp").exists()
    assert asked.redirect_chain[-1][0] == reverse("mfa_authenticate")


def test_a_person_promoted_while_logged_in_is_asked_at_the_next_login(client):
    user = UserFactory(email="sam@example.org")
    log_in(client, "sam@example.org")
    coordinator_create(email="sam@example.org")
    client.post(reverse("account_logout"))

    log_in(client, "sam@example.org")

    assert client.get(reverse("dashboard:dashboard"))["Location"] == reverse("mfa_activate_totp")
    assert user.is_coordinator


def test_security_keys_can_be_added_and_another_persons_key_is_not_found(client):
    owner, other = UserFactory(), UserFactory()
    key = Authenticator.objects.create(
        user=owner, type=Authenticator.Type.WEBAUTHN, data={"name": "Owner's key", "credential": {}}
    )
    log_in(client, other.email)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    assert "Security Keys" in client.get(reverse("mfa_index")).content.decode()
    assert client.get(reverse("mfa_add_webauthn")).status_code == 200
    for name in ("mfa_edit_webauthn", "mfa_remove_webauthn"):
        assert client.get(reverse(name, args=[key.pk])).status_code == 404, name
        assert client.post(reverse(name, args=[key.pk]), {"name": "Mine now"}).status_code == 404, name
    assert client.get(f"/accounts/2fa/webauthn/keys/{'9' * 20}/edit/").status_code == 404
    key.refresh_from_db()
    assert key.data["name"] == "Owner's key"


def test_a_coordinator_with_a_security_key_is_not_asked_for_an_authenticator_app(client):
    user, _ = coordinator_create(email="kim@example.org", name="Kim Park", password=PASSWORD)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "Kim's key", "credential": {}}
    )
    from profiles.mfa import needs_setup

    assert not needs_setup(user)
