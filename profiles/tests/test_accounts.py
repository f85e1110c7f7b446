"""P1: sign-up and login by e-mail, with a password or a one-time code; verified e-mail first."""

import re
from datetime import timedelta

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox.models import Message
from profiles.models import User

from .factories import PASSWORD, UserFactory
from .utils import html_of, links_in, only_email_to

pytestmark = pytest.mark.django_db

SIGNUP = {"name": "  Zoë   Fairbairn ", "email": "zoe@example.org", "password1": PASSWORD, "password2": PASSWORD}
CODE = re.compile(r"\b[A-Z0-9]{4}-[A-Z0-9]{4}\b")


def signup(client, django_capture_on_commit_callbacks, **changes):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_signup"), {**SIGNUP, **changes}, follow=True)


def test_sign_up_asks_to_verify_the_address_before_anything_else(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks)

    assert "Verify Your Email Address" in response.content.decode()
    user = User.objects.get(email="zoe@example.org")
    assert user.name == "Zoë Fairbairn"
    assert not EmailAddress.objects.get(user=user).verified
    message = only_email_to("zoe@example.org")
    assert "confirm" in message.subject.lower()
    assert any("/accounts/confirm-email/" in link for link in links_in(message))
    assert "/accounts/confirm-email/" in html_of(message)
    # Not verified, so not let in: home sends them back to log in.
    assert client.get(reverse("profiles:apply")).status_code == 302


def test_following_the_verification_link_and_confirming_lets_the_person_in(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks)
    link = next(url for url in links_in(only_email_to("zoe@example.org")) if "confirm-email" in url)

    page = client.get(link)
    assert page.status_code == 200
    assert not EmailAddress.objects.get(email="zoe@example.org").verified, "opening the link alone changes nothing"

    response = client.post(link, follow=True)
    assert EmailAddress.objects.get(email="zoe@example.org").verified
    assert response.redirect_chain[-1][0] == reverse("profiles:apply")
    assert "Apply as a mentee" in response.content.decode()


def test_a_tampered_verification_link_says_so(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks)
    link = next(url for url in links_in(only_email_to("zoe@example.org")) if "confirm-email" in url)

    response = client.get(link.rstrip("/") + "x/")

    assert response.status_code == 200
    assert "expired or is invalid" in response.content.decode()
    assert client.post(link.rstrip("/") + "x/").status_code == 404
    assert not EmailAddress.objects.get(email="zoe@example.org").verified


def page_text(response, *addresses) -> str:
    """The page as a person reads it, without the addresses typed and the form's token."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    for address in addresses:
        text = text.replace(address, "ADDRESS")
    return re.sub(r"\s+", " ", text)


def test_sign_up_with_a_known_address_looks_the_same_and_the_owner_is_told_by_email(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="zoe@example.org")

    known = signup(client, django_capture_on_commit_callbacks, email="ZOE@example.org")
    client.cookies.clear()
    unknown = signup(client, django_capture_on_commit_callbacks, email="new@example.org")

    assert [url for url, _ in known.redirect_chain] == [url for url, _ in unknown.redirect_chain]
    assert page_text(known, "ZOE@example.org", "zoe@example.org") == page_text(unknown, "new@example.org")
    assert "There is already an account" not in known.content.decode()
    assert User.objects.filter(email__iexact="zoe@example.org").count() == 1
    told = only_email_to("zoe@example.org")
    assert "already" in told.subject.lower() or "already" in told.body.lower()
    assert any("/accounts/password/reset/" in link for link in links_in(told))
    assert Message.objects.filter(subject=told.subject).count() == 1, "allauth's e-mail leaves through the outbox"


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")
    pages = {}
    for address in ("ana@example.org", "nobody@example.org"):
        with django_capture_on_commit_callbacks(execute=True):
            pages[address] = client.post(reverse("account_reset_password"), {"email": address}, follow=True)

    known, unknown = pages["ana@example.org"], pages["nobody@example.org"]
    assert [url for url, _ in known.redirect_chain] == [url for url, _ in unknown.redirect_chain]
    assert page_text(known, "ana@example.org") == page_text(unknown, "nobody@example.org")
    assert any("/accounts/password/reset/key/" in link for link in links_in(only_email_to("ana@example.org")))
    assert not any("/password/reset/key/" in m.body for m in mail.outbox if m.to == ["nobody@example.org"])


def test_login_by_code_answers_the_same_for_known_and_unknown_addresses(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")
    pages = {}
    for address in ("ana@example.org", "nobody@example.org"):
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            pages[address] = client.post(reverse("account_request_login_code"), {"email": address}, follow=True)

    known, unknown = pages["ana@example.org"], pages["nobody@example.org"]
    assert [url for url, _ in known.redirect_chain] == [url for url, _ in unknown.redirect_chain]
    assert known.redirect_chain[-1][0] == reverse("account_confirm_login_code")
    assert page_text(known, "ana@example.org") == page_text(unknown, "nobody@example.org")
    assert CODE.search(str(only_email_to("ana@example.org").body))
    assert not any(CODE.search(str(m.body)) for m in mail.outbox if m.to == ["nobody@example.org"])


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"name": "   "}, "Please enter your name."),
        ({"email": "not-an-address"}, "Enter a valid email address."),
        ({"password2": "something-else-entirely"}, "You must type the same password each time."),
        ({"password1": "123", "password2": "123"}, "This password is too short."),
    ],
)
def test_sign_up_form_errors_are_clear(client, django_capture_on_commit_callbacks, changes, message):
    response = signup(client, django_capture_on_commit_callbacks, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not User.objects.exists()


def test_login_with_password_works_once_verified(client):
    user = UserFactory(email="ana@example.org")

    response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": PASSWORD}, follow=True)

    assert response.context["user"] == user
    assert response.redirect_chain[-1][0] == reverse("profiles:apply")


def test_login_with_wrong_password_says_so(client):
    UserFactory(email="ana@example.org")

    response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": "wrong-one"})

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()


def test_login_by_emailed_code_needs_no_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="ana@example.org", password=None)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_request_login_code"), {"email": "ana@example.org"}, follow=True)
    message = only_email_to("ana@example.org")
    code = CODE.search(message.body).group()
    assert code in html_of(message)

    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)

    assert response.context["user"] == user


def test_a_wrong_login_code_says_so_and_logs_nobody_in(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "ana@example.org"})

    response = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_too_many_wrong_codes_end_the_attempt(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "ana@example.org"})
    code = CODE.search(only_email_to("ana@example.org").body).group()

    for _ in range(3):
        response = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"}, follow=True)
    # The right code no longer works: the attempt is over, the person must ask for a new one.
    response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)

    assert not response.context["user"].is_authenticated


def test_an_expired_login_code_is_refused(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_request_login_code"), {"email": "ana@example.org"})
    code = CODE.search(only_email_to("ana@example.org").body).group()

    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        response = client.post(reverse("account_confirm_login_code"), {"code": code}, follow=True)

    assert not response.context["user"].is_authenticated


def test_password_reset_sends_a_working_link(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    link = next(url for url in links_in(only_email_to("ana@example.org")) if "/password/reset/key/" in url)
    form_page = client.get(link, follow=True)
    new_password = "another-long-password-77"
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}, follow=True
    )

    assert response.status_code == 200
    assert client.login(email="ana@example.org", password=new_password)


def test_failed_logins_are_rate_limited(client):
    UserFactory(email="ana@example.org")

    for _ in range(12):
        response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": "wrong"})

    assert "Too many failed login attempts" in response.content.decode()


def test_account_pages_use_the_site_layout(client):
    response = client.get(reverse("account_login"))
    body = response.content.decode()

    assert 'class="navbar' in body
    assert "Skip to main content" in body
    assert "form-control" in body
    assert reverse("account_request_login_code") in body


def test_people_choose_the_name_greetings_use(client, django_capture_on_commit_callbacks):
    from profiles.tests.factories import ProfileFactory

    person = ProfileFactory(user__name="Nguyễn Văn An", user__email="an@example.org").user
    assert person.get_short_name() == "Nguyễn"
    client.force_login(person)

    page = client.get(reverse("profiles:names")).content.decode()
    response = client.post(reverse("profiles:names"), {"name": "Nguyễn  Văn An", "called": " An "}, follow=True)
    refused = client.post(reverse("profiles:names"), {"name": "", "called": "An"})

    assert 'value="Nguyễn"' in page, "prefilled with the first word, to correct"
    assert "Saved. We will call you An." in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.get_short_name()) == ("Nguyễn Văn An", "An")
    assert "Please enter your name." in refused.content.decode()
    assert "Welcome, An" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(("proxies", "separate"), [(1, True), (0, False)])
def test_behind_the_proxy_each_client_is_rate_limited_apart(client, settings, proxies, separate):
    """With ALLAUTH_TRUSTED_PROXY_COUNT, a stranger's failed logins do not lock out the coordinator
    (who comes through the same proxy); without it, they do: the proxy's address is all allauth sees."""
    from django.test import Client

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    UserFactory(email="casey@example.org")
    stranger, coordinator = Client(), Client()
    for n in range(12):  # a different address each time: only the limit per client address is reached
        refused = stranger.post(
            reverse("account_login"),
            {"login": f"guess{n}@example.org", "password": "wrong"},
            headers={"x-forwarded-for": "203.0.113.9"},
            REMOTE_ADDR="10.0.0.2",
        )
    assert "Too many failed login attempts" in refused.content.decode()

    response = coordinator.post(
        reverse("account_login"),
        {"login": "casey@example.org", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.7"},
        REMOTE_ADDR="10.0.0.2",
    )

    assert (response.status_code == 302) is separate
    assert ("Too many failed login attempts" in response.content.decode()) is not separate


@pytest.mark.parametrize("login", ["password", "force"])
def test_a_coordinator_taken_out_of_the_group_loses_the_coordinator_pages_at_the_next_request(
    client, coordinator, login
):
    """The person behind a request is loaded with their role in one query (profiles/backends.py);
    that role is read afresh on every request, never kept in the session."""
    from profiles.models import COORDINATOR_GROUP

    if login == "password":  # allauth's login, with the coordinator's second factor
        from conftest import COORDINATOR_TOTP_SECRET
        from profiles.mfa import totp_code

        client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
        client.post(reverse("mfa_authenticate"), {"code": totp_code(COORDINATOR_TOTP_SECRET)})
    else:
        client.force_login(coordinator)
    assert client.get(reverse("dashboard:participants")).status_code == 200
    assert "Participants</a>" in client.get(reverse("guide")).content.decode()

    coordinator.groups.remove(coordinator.groups.get(name=COORDINATOR_GROUP))

    assert client.get(reverse("dashboard:participants")).status_code == 404
    assert "Participants</a>" not in client.get(reverse("guide")).content.decode()


def test_a_proxy_count_larger_than_the_real_chain_logs_an_error_instead_of_refusing_every_login(
    client, settings, caplog
):
    """allauth raises when X-Forwarded-For has fewer addresses than ALLAUTH_TRUSTED_PROXY_COUNT: every
    login was a 500. The adapter takes the first forwarded address and tells the operator."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2  # but one proxy in front
    UserFactory(email="casey@example.org")

    response = client.post(
        reverse("account_login"),
        {"login": "casey@example.org", "password": PASSWORD},
        headers={"x-forwarded-for": "198.51.100.7"},
        REMOTE_ADDR="10.0.0.2",
    )

    assert response.status_code == 302
    assert "ALLAUTH_TRUSTED_PROXY_COUNT is larger than the number of proxies" in caplog.text
    garbled = client.post(
        reverse("account_login"),
        {"login": "casey@example.org", "password": PASSWORD},
        headers={"x-forwarded-for": "not-an-address"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert garbled.status_code == 403


def test_a_login_by_code_returns_to_the_page_that_asked_for_it(client, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org", password=None)
    login = client.get(reverse("account_login") + "?next=/guide/").content.decode()
    [by_code] = re.findall(r'href="([^"]*/login/code/[^"]*)"', login)
    assert by_code == reverse("account_request_login_code") + "?next=%2Fguide%2F"

    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(by_code, {"email": "ana@example.org", "next": "/guide/"}, follow=True)
    code = CODE.search(only_email_to("ana@example.org").body).group()
    assert 'name="next" value="/guide/"' in asked.content.decode()  # the code form carries it on
    done = client.post(asked.redirect_chain[-1][0], {"code": code, "next": "/guide/"})

    assert done.status_code == 302
    assert done["Location"] == "/guide/"
