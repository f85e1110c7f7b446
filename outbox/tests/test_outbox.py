"""The outbox (O1): rendering, one row per e-mail written with its cause, sending, and failures told apart."""

import smtplib
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone

from outbox.emails import Attachment, Email, Rendered, render_email
from outbox.models import Message, MessageStatus
from outbox.sending import message_id_of, outbox_flush, outbox_send_due
from outbox.services import email_queue, email_queue_many, messages_retry
from tests.harness import ScriptedBackend

pytestmark = pytest.mark.django_db

PROGRAM = {"program_name": "Bridges Mentoring", "contact_name": "", "contact_email": "", "contact_phone": ""}
CONTEXT = {
    "program": PROGRAM,
    "invitation": {"name": "Amira Haddad"},
    "link": "/invitation/abc/",
    "role_label": "mentee",
}


def invitation(to="amira@example.org", key=None, **context):
    return Email(name="profiles/invitation", to=[to], context={**CONTEXT, **context}, key=key)


@pytest.fixture
def scripted(settings):
    settings.EMAIL_BACKEND = "tests.harness.ScriptedBackend"
    ScriptedBackend.reset()
    yield ScriptedBackend
    ScriptedBackend.reset()


def test_an_email_has_subject_text_and_html_from_its_templates():
    rendered = render_email("profiles/invitation", CONTEXT)

    assert rendered.subject == "You are invited to join Bridges Mentoring"
    assert "http://127.0.0.1:8000/invitation/abc/" in rendered.text
    assert 'href="http://127.0.0.1:8000/invitation/abc/"' in rendered.html


def test_plain_text_parts_are_not_html_escaped_but_html_is():
    program = {**PROGRAM, "program_name": "Women & Code's Mentoring"}

    rendered = render_email(
        "profiles/invitation", {**CONTEXT, "program": program, "invitation": {"name": "Dan O'Neil"}}
    )

    assert rendered.subject == "You are invited to join Women & Code's Mentoring"
    assert "Hello Dan O'Neil" in rendered.text
    assert "Women &amp; Code" in rendered.html


def test_an_email_is_a_row_first_and_is_sent_once_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        row = email_queue(invitation(key="invite:1"))
        assert row is not None
        assert Message.objects.get().status == MessageStatus.QUEUED
        assert mail.outbox == []

    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == (MessageStatus.SENT, 1, "")
    [sent] = mail.outbox
    assert sent.to == ["amira@example.org"]
    assert sent.alternatives[0][1] == "text/html"
    assert sent.extra_headers["Message-ID"] == message_id_of(row) == f"<{row.uid}@127.0.0.1>"


def test_a_rolled_back_change_writes_and_sends_nothing(django_capture_on_commit_callbacks):
    def change():
        with transaction.atomic():
            email_queue(invitation())
            raise RuntimeError("something failed after the e-mail was asked for")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        change()

    assert not Message.objects.exists()
    assert mail.outbox == []


def test_one_email_per_key_however_often_it_is_asked_for(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = email_queue(invitation(key="invite:7"))
        second = email_queue(invitation(key="invite:7"))

    assert first is not None
    assert second is None
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_replies_and_attachments_travel_with_the_message(django_capture_on_commit_callbacks):
    email = Email(
        name="profiles/invitation",
        to=["amira@example.org"],
        context=CONTEXT,
        reply_to=["coordinator@bridges.example"],
        attachments=[Attachment("plan.pdf", b"%PDF-1.7", "application/pdf")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(email)

    [sent] = mail.outbox
    assert sent.reply_to == ["coordinator@bridges.example"]
    assert sent.attachments == [("plan.pdf", b"%PDF-1.7", "application/pdf")]


def queue_three():
    for address in ("a@example.org", "refused@example.org", "c@example.org"):
        email_queue(invitation(to=address))


def test_a_permanent_refusal_fails_that_message_alone_with_the_servers_answer(scripted):
    scripted.script["refused@example.org"] = smtplib.SMTPRecipientsRefused(
        {"refused@example.org": (550, b"5.1.1 No such mailbox")}
    )
    queue_three()

    report = outbox_send_due()

    assert (report.sent, report.failed) == (2, 1)
    refused = Message.objects.get(to=["refused@example.org"])
    assert refused.status == MessageStatus.FAILED
    assert refused.error == "refused@example.org: 550 5.1.1 No such mailbox"
    assert sorted(m.to[0] for m in scripted.sent) == ["a@example.org", "c@example.org"]
    assert outbox_send_due().claimed == 0, "a failed message is not tried again by itself"


def test_a_temporary_refusal_is_retried_later_with_backoff(scripted):
    scripted.script["refused@example.org"] = [smtplib.SMTPDataError(451, b"4.3.0 Try again later")]
    queue_three()

    outbox_send_due()

    waiting = Message.objects.get(to=["refused@example.org"])
    assert (waiting.status, waiting.attempts, waiting.error) == (MessageStatus.QUEUED, 1, "451 4.3.0 Try again later")
    assert waiting.due_at > timezone.now() + timedelta(seconds=20)
    assert outbox_send_due().claimed == 0, "not before its time"
    with time_machine.travel(waiting.due_at + timedelta(seconds=1)):
        assert outbox_send_due().sent == 1
    assert Message.objects.get(pk=waiting.pk).status == MessageStatus.SENT


def test_a_lost_connection_gives_the_rest_of_the_batch_back_untried(scripted):
    scripted.script["refused@example.org"] = [smtplib.SMTPServerDisconnected("Connection unexpectedly closed")]
    queue_three()

    report = outbox_send_due()

    assert (report.sent, report.retrying) == (1, 2)
    after = Message.objects.get(to=["c@example.org"])
    assert (after.status, after.attempts) == (MessageStatus.QUEUED, 0)
    assert "closed the connection" in after.error


def test_an_unreachable_server_keeps_everything_queued(scripted):
    scripted.connect = ConnectionRefusedError(111, "Connection refused")
    queue_three()

    report = outbox_flush(seconds=5)

    assert (report.sent, report.retrying) == (0, 3)
    assert set(Message.objects.values_list("status", flat=True)) == {MessageStatus.QUEUED}
    assert "Could not talk to the mail server" in Message.objects.first().error


def test_a_refusal_at_data_with_a_5xx_fails_at_once(scripted):
    scripted.script["a@example.org"] = smtplib.SMTPDataError(554, b"5.7.1 Message rejected as spam")
    email_queue(invitation(to="a@example.org"))

    outbox_send_due()

    failed = Message.objects.get()
    assert (failed.status, failed.attempts, failed.error) == (
        MessageStatus.FAILED,
        1,
        "554 5.7.1 Message rejected as spam",
    )


def try_until_settled(traveller, tries: int = 500) -> list[timedelta]:
    """Send whatever is due, moving the clock to each retry, until the message is sent or failed; the waits."""
    waits: list[timedelta] = []
    outbox_send_due()
    for _ in range(tries):
        message = Message.objects.get()
        if message.status != MessageStatus.QUEUED:
            return waits
        waits.append(message.due_at - timezone.now())
        traveller.move_to(message.due_at)
        outbox_send_due()
    raise AssertionError("neither sent nor failed")


def test_a_temporary_refusal_for_hours_is_retried_with_waits_up_to_an_hour_and_sent_once_accepted(scripted):
    # Sixteen 451s: more than the ten tries the outbox used to allow (about three hours).
    scripted.script["a@example.org"] = [smtplib.SMTPDataError(451, b"4.3.0 Try again later")] * 16
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        email_queue(invitation(to="a@example.org"))
        written = timezone.now()
        waits = try_until_settled(traveller)
        settled = timezone.now()

    sent = Message.objects.get()
    assert (sent.status, sent.attempts, sent.error) == (MessageStatus.SENT, 17, "")
    assert [w.total_seconds() for w in waits[:8]] == [30, 60, 120, 240, 480, 960, 1920, 3600]
    assert {w.total_seconds() for w in waits[8:]} == {3600}, "the wait stops growing at an hour"
    assert settled - written > timedelta(hours=9)
    assert len(scripted.sent) == 1, "sent once, when the server accepted it"


@pytest.mark.parametrize(
    ("failure", "answer"),
    [
        ("451", "Its last answer: 451 4.3.0 Try again later"),
        ("no server", "Its last answer: Could not talk to the mail server (ConnectionRefusedError"),
    ],
)
def test_an_email_refused_for_now_until_the_queue_lifetime_ends_fails_saying_so(scripted, failure, answer):
    if failure == "451":
        scripted.script["a@example.org"] = smtplib.SMTPDataError(451, b"4.3.0 Try again later")
    else:
        scripted.connect = ConnectionRefusedError(111, "Connection refused")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        email_queue(invitation(to="a@example.org"))
        written = timezone.now()
        try_until_settled(traveller)
        failed_at = timezone.now()

    failed = Message.objects.get()
    assert failed.status == MessageStatus.FAILED
    assert failed_at - written == timedelta(days=5), "the last try is at the end of the lifetime, not an hour after"
    assert failed.error.startswith(
        f"The mail server refused it temporarily for 5 days ({failed.attempts} tries), and e-mails are kept for 5 days."
    )
    assert answer in failed.error
    assert failed.attempts > 100


def test_the_queue_lifetime_is_a_setting(scripted, settings):
    settings.OUTBOX_QUEUE_LIFETIME = 2 * 3600
    scripted.script["a@example.org"] = smtplib.SMTPDataError(421, b"4.7.0 Too many connections")
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        email_queue(invitation(to="a@example.org"))
        written = timezone.now()
        try_until_settled(traveller)
        assert timezone.now() - written == timedelta(hours=2)

    assert "refused it temporarily for 2 hours" in Message.objects.get().error


def test_a_claim_left_by_a_dead_worker_is_taken_again_after_the_timeout(scripted, settings):
    email_queue(invitation())
    Message.objects.update(
        status=MessageStatus.SENDING,
        claimed_at=timezone.now(),
        due_at=timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT),
    )

    assert outbox_send_due().claimed == 0, "a fresh claim belongs to a live worker"
    with time_machine.travel(timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT + 1)):
        assert outbox_send_due().sent == 1
    assert Message.objects.get().status == MessageStatus.SENT


def test_an_email_a_worker_holds_when_its_person_is_erased_is_left_to_it_and_never_sent_again(scripted, settings):
    """The worker may have it on the wire: it stays the worker's (marked sent if the server took it). If the
    worker died instead, the message comes back with the erased address and is cancelled, not sent."""
    from outbox.privacy import erase
    from profiles.models import User

    person = User.objects.create_user(email="amira@example.org", password=None, name="Amira Haddad")
    email_queue(invitation())
    Message.objects.update(
        status=MessageStatus.SENDING,
        claimed_at=timezone.now(),
        due_at=timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT),
    )

    assert erase(person)["e-mails cancelled"] == 0
    held = Message.objects.get()
    assert held.status == MessageStatus.SENDING
    assert held.to == [f"former-{person.pk}@erased.invalid"]

    with time_machine.travel(timezone.now() + timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT + 1)):
        assert outbox_send_due().sent == 0
    assert Message.objects.get().status == MessageStatus.CANCELLED
    assert scripted.sent == []


def test_failed_messages_can_be_sent_again(scripted):
    scripted.script["a@example.org"] = [smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"Mailbox full")})]
    email_queue(invitation(to="a@example.org"))
    outbox_send_due()

    assert messages_retry(ids=list(Message.objects.values_list("pk", flat=True))) == 1
    assert outbox_send_due().sent == 1
    assert messages_retry(ids=list(Message.objects.values_list("pk", flat=True))) == 0, "only failed ones"


def test_emails_written_by_the_thousand_are_rendered_by_the_sender(django_capture_on_commit_callbacks):
    emails = [
        invitation(to=f"p{n}@example.org", key=f"invite:{n}", invitation={"name": f"Person {n}"}) for n in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        assert email_queue_many(emails) == 3
        assert email_queue_many(emails) == 0, "the keys are taken"

    row = Message.objects.get(key="invite:1")
    assert (row.template, row.subject, row.text) == (
        "profiles/invitation",
        "You are invited to join Bridges Mentoring",
        "",
    )
    sent: dict[str, Any] = {m.to[0]: m for m in mail.outbox}  # EmailMultiAlternatives
    assert "Hello Person 1" in sent["p1@example.org"].body
    assert "Hello Person 1" in sent["p1@example.org"].alternatives[0][0]


def test_an_email_that_cannot_be_written_fails_alone_with_the_reason(scripted):
    email_queue_many([invitation(to="a@example.org", key="good"), invitation(to="b@example.org", key="bad")])
    Message.objects.filter(key="bad").update(template="profiles/no-such-email")

    report = outbox_send_due()

    assert (report.sent, report.failed) == (1, 1)
    bad = Message.objects.get(key="bad")
    assert bad.status == MessageStatus.FAILED
    assert "could not be written" in bad.error


def test_an_email_rendered_elsewhere_is_queued_as_it_is(django_capture_on_commit_callbacks):
    email = Email(
        name="account/password_changed",
        to=["amira@example.org"],
        reply_to=["coordinator@bridges.example"],
        rendered=Rendered(subject="Password Changed", text="Your password has been changed.", html="<p>Changed.</p>"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(email)

    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.reply_to) == (
        "Password Changed",
        "Your password has been changed.",
        ["coordinator@bridges.example"],
    )
    assert sent.alternatives[0][0] == "<p>Changed.</p>"


def test_emails_queued_by_the_thousand_take_no_attachments():
    email = Email(
        name="profiles/invitation",
        to=["amira@example.org"],
        context=CONTEXT,
        attachments=[Attachment("plan.pdf", b"%PDF-1.7", "application/pdf")],
    )

    with pytest.raises(ValueError, match="without attachments"):
        email_queue_many([invitation(to="a@example.org"), email])
    assert not Message.objects.exists()
