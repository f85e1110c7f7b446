"""Delayed apart from failed: what the coordinator and the operator see of e-mails the mail server refused for now."""

import re
import smtplib
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
import time_machine
from django.urls import reverse

from outbox.emails import Email
from outbox.models import Message, MessageStatus
from outbox.sending import outbox_send_due
from outbox.services import email_queue
from tests.harness import ScriptedBackend

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=dt_timezone.utc)
PROGRAM = {"program_name": "Bridges Mentoring", "contact_name": "", "contact_email": "", "contact_phone": ""}


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = "tests.harness.ScriptedBackend"
    settings.TIME_ZONE = "UTC"
    ScriptedBackend.reset()
    yield ScriptedBackend
    ScriptedBackend.reset()


def invite(address: str, name: str) -> None:
    context = {"program": PROGRAM, "invitation": {"name": name}, "link": "/invitation/abc/", "role_label": "mentee"}
    email_queue(Email(name="profiles/invitation", to=[address], context=context))


def section(page: str, heading: str) -> str:
    """The part of the failed e-mails page under one heading."""
    parts = re.split(r"<h[12][^>]*>", page)
    return next(part for part in parts if part.startswith(heading))


def test_the_coordinator_sees_delayed_emails_apart_from_failed_ones_until_they_go(client, coordinator, scripted):
    scripted.script["busy@example.org"] = [smtplib.SMTPDataError(451, b"4.7.1 Greylisted, try again later")] * 3
    scripted.script["gone@example.org"] = smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"5.1.1 Unknown")})
    client.force_login(coordinator)
    with time_machine.travel(NOON, tick=False) as traveller:
        invite("busy@example.org", "Bea Busy")
        invite("gone@example.org", "Gil Gone")
        outbox_send_due()
        traveller.move_to(NOON + timedelta(seconds=31))
        outbox_send_due()  # the second 451: the next try in a minute

        dashboard = client.get(reverse("dashboard:dashboard")).content.decode()
        page = client.get(reverse("dashboard:failed_emails")).content.decode()

    assert 'data-figure="failed-emails">1<' in dashboard
    assert 'data-figure="delayed-emails">1<' in dashboard
    assert "1</a> e-mail is delayed: the mail server refused it for now (“451 4.7.1 Greylisted, try again later”)" in (
        dashboard
    )
    assert "the oldest since 10 Mar, 12:00. Retried automatically, next at 12:01, until 5 days old" in dashboard

    failed, delayed = section(page, "E-mails that failed"), section(page, "Delayed")
    assert "gone@example.org" in failed
    assert "550 5.1.1 Unknown" in failed
    assert "busy@example.org" not in failed
    assert "busy@example.org" in delayed
    assert "2 tries · next try 10 Mar, 12:01" in delayed
    assert "451 4.7.1 Greylisted, try again later" in delayed
    assert "gone@example.org" not in delayed

    # The mail server accepts it at the third retry: delayed no more, and sent once.
    with time_machine.travel(NOON, tick=False) as traveller:
        for _ in range(2):
            traveller.move_to(Message.objects.get(to=["busy@example.org"]).due_at)
            outbox_send_due()
        dashboard = client.get(reverse("dashboard:dashboard")).content.decode()
        page = client.get(reverse("dashboard:failed_emails")).content.decode()

    assert Message.objects.get(to=["busy@example.org"]).status == MessageStatus.SENT
    assert [m.to for m in scripted.sent] == [["busy@example.org"]]
    assert 'data-figure="delayed-emails"' not in dashboard
    assert "No e-mail is waiting for the mail server." in section(page, "Delayed")


def test_the_admin_lists_delayed_emails_apart_from_failed_ones(client, coordinator, scripted):
    coordinator.is_staff = coordinator.is_superuser = True  # an operator, with two-factor on as the fixture has it
    coordinator.save()
    client.force_login(coordinator)
    scripted.script["busy@example.org"] = smtplib.SMTPDataError(451, b"4.3.0 Try again later")
    scripted.script["gone@example.org"] = smtplib.SMTPRecipientsRefused({"gone@example.org": (550, b"5.1.1 Unknown")})
    invite("busy@example.org", "Bea Busy")
    invite("gone@example.org", "Gil Gone")
    invite("fine@example.org", "Fia Fine")
    outbox_send_due()

    url = reverse("admin:outbox_message_changelist")
    delayed = client.get(url, {"state": "delayed"}).content.decode()
    failed = client.get(url, {"state": "failed"}).content.decode()

    assert "1 message" in delayed
    assert "Delayed" in delayed
    assert "busy@example.org" in delayed
    assert "gone@example.org" not in delayed
    assert "1 message" in failed
    assert "gone@example.org" in failed
    assert "busy@example.org" not in failed
