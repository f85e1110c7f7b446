import pytest
from django.core import mail
from django.db import transaction

from mentoring.emails import render_email, send_email
from profiles.models import ProgramSettings

pytestmark = pytest.mark.django_db

CONTEXT = {"invitation": {"name": "Amira Haddad"}, "link": "/invitation/abc/", "role_label": "mentee"}


def test_an_email_has_subject_text_and_html_with_the_program_details():
    program = ProgramSettings.load()
    program.program_name = "Bridges Mentoring"
    program.save()

    subject, text, html = render_email("profiles/invitation", CONTEXT)

    assert subject == "You are invited to join Bridges Mentoring"
    assert "http://127.0.0.1:8000/invitation/abc/" in text
    assert "&lt;" not in text and "&amp;" not in text
    assert 'href="http://127.0.0.1:8000/invitation/abc/"' in html


def test_an_email_is_sent_only_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        send_email(name="profiles/invitation", to=["amira@example.org"], context=CONTEXT)
        assert mail.outbox == []

    assert len(callbacks) == 1
    assert mail.outbox[0].to == ["amira@example.org"]
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_a_rolled_back_change_emails_nobody(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                send_email(name="profiles/invitation", to=["amira@example.org"], context=CONTEXT)
                raise RuntimeError("something failed after the e-mail was asked for")
        except RuntimeError:
            pass

    assert mail.outbox == []


def test_replies_go_to_the_program_contact(django_capture_on_commit_callbacks):
    settings_ = ProgramSettings.load()
    settings_.contact_email = "coordinator@bridges.example"
    settings_.save()

    with django_capture_on_commit_callbacks(execute=True):
        send_email(name="profiles/invitation", to=["amira@example.org"], context=CONTEXT)

    assert mail.outbox[0].reply_to == ["coordinator@bridges.example"]


def test_plain_text_parts_are_not_html_escaped():
    program = ProgramSettings.load()
    program.program_name = "Women & Code's Mentoring"
    program.save()

    subject, text, html = render_email("profiles/invitation", {**CONTEXT, "invitation": {"name": "Dan O'Neil"}})

    assert subject == "You are invited to join Women & Code's Mentoring"
    assert "Hello Dan O'Neil" in text
    assert "Women & Code's Mentoring" in text
    assert "Women &amp; Code" in html
