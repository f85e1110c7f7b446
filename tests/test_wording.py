"""27.11: one way to say each thing, as a person reads it: "Log in" on every login page (allauth's "Sign In"
overridden in locale/en), a closed partnership's dates "from ... to ...", and who closed it named once."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import COORDINATOR_TOTP_SECRET
from endings.services import partnership_close
from matches.tests.factories import MatchFactory
from profiles.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
SIGN_IN = re.compile(r"sign[ -]?in|signed in", re.I)


def words_of(response) -> str:
    """The text a person reads (tags, scripts and attributes aside)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_compiled_wording_is_the_one_written():
    """locale/en/LC_MESSAGES/django.mo is committed (no gettext needed to run the app): it says what the .po says."""
    import gettext
    from pathlib import Path

    from django.conf import settings

    folder = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
    with open(folder / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    written = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', (folder / "django.po").read_text(), re.M))
    assert written
    assert {k.replace('\\"', '"'): v.replace('\\"', '"') for k, v in written.items()} == {
        k: v for k, v in compiled.items() if k
    }


def test_every_login_page_says_log_in_never_sign_in(client, coordinator, django_capture_on_commit_callbacks):
    UserFactory(email="ana@example.org")
    pages = {
        "login": client.get(reverse("account_login")),
        "code request": client.get(reverse("account_request_login_code")),
        "signup": client.get(reverse("account_signup")),
        "password reset": client.get(reverse("account_reset_password")),
    }
    with django_capture_on_commit_callbacks(execute=True):
        pages["code sent"] = client.post(
            reverse("account_request_login_code"), {"email": "ana@example.org"}, follow=True
        )
    client.cookies.clear()
    pages["two-factor"] = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": PASSWORD}, follow=True
    )
    from profiles.mfa import totp_code

    pages["logged in"] = client.post(
        reverse("mfa_authenticate"), {"code": totp_code(COORDINATOR_TOTP_SECRET)}, follow=True
    )

    for name, response in pages.items():
        assert not SIGN_IN.search(words_of(response)), (name, SIGN_IN.findall(words_of(response)))
    assert "Log in" in words_of(pages["login"])
    assert "Send me a login code" in words_of(pages["login"])
    assert "Enter your login code" in words_of(pages["code sent"])
    assert "Log in" in words_of(pages["two-factor"])
    assert "You are logged in as Casey Coordinator." in words_of(pages["logged in"])
    [code_email] = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert code_email.subject.startswith("Your login code for")
    assert not SIGN_IN.search(f"{code_email.subject}\n{code_email.body}")


def test_a_closed_partnership_reads_from_to_and_names_who_closed_it_once(
    client, coordinator, mentor, mentee, django_capture_on_commit_callbacks
):
    match = MatchFactory(mentor=mentor, mentee=mentee)
    with django_capture_on_commit_callbacks(execute=True):
        partnership_close(match=match, by=mentee, reason="completed", note="")
    client.force_login(coordinator)

    page = words_of(client.get(reverse("dashboard:match", args=[match.pk])))
    found = words_of(client.get(reverse("dashboard:search"), {"q": "Mira"}))

    started, today = timezone.localtime(match.started_at), timezone.localdate()
    assert f"Closed: completed from {started:%-d %B %Y} to {today:%-d %B %Y}" in page
    assert "since" not in page.split("Closed: completed")[1][:60]
    assert f"{started:%b %Y} to {today:%b %Y}" in found
    [told] = [m for m in mail.outbox if m.to == [coordinator.email]]
    assert "Mira Mentee (mentee) closed their partnership with Morgan Mentor (mentor): completed." in told.body
    assert "closed the partnership of Mira Mentee" not in told.body
