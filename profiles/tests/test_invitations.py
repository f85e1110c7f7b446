"""P3: the coordinator invites people in bulk from a CSV file."""

from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail, signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from profiles.links import invitation_url
from profiles.models import Invitation, User

from .factories import PASSWORD, UserFactory
from .utils import links_in, only_email_to

pytestmark = pytest.mark.django_db

GOOD = "name,email,role\nAmira Haddad,amira@example.org,mentee\nTomás Ortega,tomas@example.org,mentor\n"


def upload(client, text, django_capture_on_commit_callbacks, name="people.csv"):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            reverse("profiles:invite"), {"file": SimpleUploadedFile(name, text.encode(), "text/csv")}, follow=True
        )


def test_each_new_person_gets_an_invitation_email(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)

    response = upload(client, GOOD, django_capture_on_commit_callbacks)

    assert "2 invitations sent." in response.content.decode()
    assert set(Invitation.objects.values_list("email", "role")) == {
        ("amira@example.org", "mentee"),
        ("tomas@example.org", "mentor"),
    }
    message = only_email_to("tomas@example.org")
    assert "invited" in message.subject
    assert "as a mentor" in message.body
    assert any("/invitation/" in link for link in links_in(message))
    assert "Tomás Ortega" in response.content.decode()


def test_uploading_the_same_file_twice_sends_nothing_twice(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    upload(client, GOOD, django_capture_on_commit_callbacks)

    response = upload(client, GOOD, django_capture_on_commit_callbacks)

    assert "0 invitations sent; 2 already invited before, not e-mailed again." in response.content.decode()
    assert len(mail.outbox) == 2
    assert Invitation.objects.count() == 2


def test_people_who_already_have_an_account_are_not_invited(client, coordinator, django_capture_on_commit_callbacks):
    UserFactory(email="amira@example.org")
    client.force_login(coordinator)

    response = upload(client, GOOD, django_capture_on_commit_callbacks)

    assert "1 invitation sent; 1 already has an account." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["tomas@example.org"]]


def test_a_file_with_bad_rows_is_refused_whole_with_line_numbers(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    text = GOOD + "No Mail,,mentee\nBoss,boss@example.org,boss\nAmira Twice,amira@example.org,mentee\n"

    response = upload(client, text, django_capture_on_commit_callbacks)
    body = response.content.decode()

    assert "Nothing was imported" in body
    assert "Line 4: no e-mail address." in body
    assert "Line 5: unknown role “boss” (use mentor or mentee)." in body
    assert "Line 6: amira@example.org is already on line 2." in body
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_file_that_is_not_csv_is_refused(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:invite"), {"file": SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00")}
        )

    assert "This does not look like a CSV file." in response.content.decode()
    assert not Invitation.objects.exists()


def test_sending_no_file_says_so(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("profiles:invite"), {})

    assert "This field is required." in response.content.decode()


def test_the_invitation_link_leads_to_a_verified_sign_up(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    upload(client, GOOD, django_capture_on_commit_callbacks)
    client.logout()
    link = next(url for url in links_in(only_email_to("amira@example.org")) if "/invitation/" in url)

    landing = client.get(link)
    assert "Welcome, Amira Haddad" in landing.content.decode()
    signup_page = client.post(link, follow=True)
    assert 'value="amira@example.org"' in signup_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {"name": "Amira Haddad", "email": "amira@example.org", "password1": PASSWORD, "password2": PASSWORD},
            follow=True,
        )

    # The link proved the address: no verification e-mail, straight to the application.
    assert EmailAddress.objects.get(email="amira@example.org").verified
    assert response.redirect_chain[-1][0] == reverse("profiles:apply")
    assert "You were invited to join as a <strong>mentee</strong>" in response.content.decode()
    assert Invitation.objects.get(email="amira@example.org").accepted_at is not None


def _token_made(invitation, seconds_ago=0):
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago)):
        return invitation_url(invitation).split("/")[-2]


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        ("tampered", "This link does not work"),
        ("expired", "This link has expired"),
        ("deleted", "This link does not work"),
    ],
)
def test_a_bad_invitation_link_says_so(client, kind, title):
    invitation = Invitation.objects.create(email="amira@example.org", name="Amira", role="mentee")
    token = _token_made(invitation, seconds_ago=60 * 60 * 24 * 31 if kind == "expired" else 0)
    if kind == "tampered":
        token = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    elif kind == "deleted":
        invitation.delete()

    for method in (client.get, client.post):
        response = method(reverse("profiles:invitation", args=[token]))
        assert response.status_code == 400
        assert title in response.content.decode()
        assert f'You can still <a href="{reverse("account_signup")}">sign up</a>' in response.content.decode()
    assert not User.objects.filter(email="amira@example.org").exists()


def test_a_fresh_invitation_link_works(client):
    invitation = Invitation.objects.create(email="amira@example.org", name="Amira", role="mentee")

    assert (
        client.get(reverse("profiles:invitation", args=[_token_made(invitation, 60 * 60 * 24 * 29)])).status_code == 200
    )


def test_an_invitation_link_sent_before_links_were_compressed_still_works(client):
    invitation = Invitation.objects.create(email="amira@example.org", name="Amira", role="mentee")
    sent = signing.dumps({"invitation": invitation.pk, "email": invitation.email}, salt="profiles.invitation")

    assert "Welcome, Amira" in client.get(reverse("profiles:invitation", args=[sent])).content.decode()


def test_an_invitation_link_for_an_address_since_corrected_does_not_work(client):
    invitation = Invitation.objects.create(email="amira@example.org", name="Amira", role="mentee")
    token = _token_made(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(email="amira.haddad@example.org")

    response = client.get(reverse("profiles:invitation", args=[token]))

    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_rows_longer_than_an_account_holds_are_refused_by_line_and_nothing_is_saved(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    long_name = "A" * 151
    long_email = "b" * 64 + "@" + ".".join(["c" * 63] * 3) + ".org"  # valid in form, 257 characters
    text = f"name,email,role\n{long_name},a@example.org,mentee\nBea,{long_email},mentor\nCai,cai@example.org,mentee\n"

    response = upload(client, text, django_capture_on_commit_callbacks)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: the name is longer than 150 characters." in body
    assert "Line 3: the e-mail address is longer than 254 characters." in body
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_expired_invitation_says_so_to_both_and_sending_it_again_gives_a_new_link(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        upload(client, GOOD, django_capture_on_commit_callbacks)
    old_link = next(link for link in links_in(only_email_to("amira@example.org")) if "/invitation/" in link)
    amira = Invitation.objects.get(email="amira@example.org")
    mail.outbox.clear()
    client.force_login(coordinator)

    listing = client.get(reverse("profiles:invite")).content.decode()
    client.logout()
    expired = client.get(old_link)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("profiles:invitation_resend", args=[amira.pk]), {"sends": "1"}, follow=True)
        twice = client.post(reverse("profiles:invitation_resend", args=[amira.pk]), {"sends": "1"}, follow=True)
    new_link = next(link for link in links_in(only_email_to("amira@example.org")) if "/invitation/" in link)
    client.logout()

    assert listing.count("Expired ") == 2
    assert "An invitation's link works for 30 days from when it is sent." in listing
    assert expired.status_code == 400
    assert "This link has expired" in expired.content.decode()
    assert "Invitation links work for 30 days from when they are sent." in expired.content.decode()
    assert "Invitation sent again to amira@example.org: the new link works for 30 days." in again.content.decode()
    assert "Nothing sent: Amira Haddad&#x27;s invitation had just been sent again." in twice.content.decode()
    assert len(mail.outbox) == 1, "a second click sends nothing"
    expires = (timezone.localdate() + timedelta(days=30)).strftime("%-d %B %Y")
    assert f"The link works until {expires}." in mail.outbox[0].body
    assert "Welcome, Amira" in client.get(new_link).content.decode()
    client.force_login(coordinator)
    after = client.get(reverse("profiles:invite")).content.decode()
    assert after.count("Expired ") == 1, "only Tomás's is still expired"
    assert "(sent 2 times) · link works until" in after


def test_a_withdrawn_invitation_opens_nothing_and_says_why(client, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    upload(client, GOOD, django_capture_on_commit_callbacks)
    link = next(link for link in links_in(only_email_to("tomas@example.org")) if "/invitation/" in link)
    tomas = Invitation.objects.get(email="tomas@example.org")
    mail.outbox.clear()

    withdrawn = client.post(reverse("profiles:invitation_withdraw", args=[tomas.pk]), follow=True)
    resend = client.post(reverse("profiles:invitation_resend", args=[tomas.pk]), {"sends": "1"}, follow=True)
    client.logout()
    opened = client.get(link)
    signed_up = client.post(link)

    assert (
        "Tomás Ortega&#x27;s invitation is withdrawn: its link no longer opens anything." in withdrawn.content.decode()
    )
    assert "Withdrawn " in withdrawn.content.decode()
    assert "Nothing sent: Tomás Ortega&#x27;s invitation was taken up or withdrawn." in resend.content.decode()
    assert not mail.outbox
    for response in (opened, signed_up):
        assert response.status_code == 400
        assert "This invitation was withdrawn" in response.content.decode()
    client.force_login(coordinator)
    again = upload(
        client, "name,email,role\nTomás Ortega,tomas@example.org,mentor\n", django_capture_on_commit_callbacks
    )
    assert "1 invitation sent." in again.content.decode()
    assert len(mail.outbox) == 1, "inviting them again after a withdrawal sends a new invitation"
