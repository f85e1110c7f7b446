"""The outbox writes common e-mails' bytes itself (``wire_bytes``): a mail program reads exactly what Django writes."""

import email
from email import policy

import pytest

from outbox.emails import Attachment, Email, make_message, wire_bytes
from outbox.models import Message, MessageStatus
from outbox.sending import outbox_flush
from outbox.services import email_queue, email_queue_many
from tests.harness import SMTPServer

HTML = '<p>Hello Zoë,</p>\n<p>Your <a href="https://example.org/c/1/">check-in</a> is open.</p>\n'
SHAPES = {
    "plain ASCII": dict(subject="Your October check-in", body="Hello Sam,\nThree questions.\n", to=["sam@example.org"]),
    "accents everywhere": dict(
        subject="Votre bilan de novembre — Zoë",
        body="Bonjour Zoë,\r\nÇa va ?\n",
        to=["Zoë Fairbairn <zoe@example.org>"],
        reply_to=["Maya Lindqvist <maya@example.org>"],
        html=HTML,
    ),
    "Vietnamese name, long subject": dict(
        subject="Nguyễn Văn An, your mentoring partnership agreement is ready to sign with your mentor Łukasz",
        body="Chào An,\n\n" + "A line of ordinary length. " * 20 + "\n",
        to=["Nguyễn Văn An <an@example.org>"],
        html=HTML,
    ),
    "no final newline, odd line ends": dict(
        subject="Hi", body="one\rtwo\r\nthree\u2028still three", to=["a@example.org"], html="<p>x</p>"
    ),
    "sender with a name": dict(
        subject="Hi", body="Hello", to=["a@example.org"], from_email="Programme de mentorat Zoë <mentoring@example.org>"
    ),
}


def build(subject, body, to, reply_to=(), html="", from_email="Mentoring <mentoring@example.org>"):
    message = make_message(
        to=to,
        subject=subject,
        text=body,
        html=html,
        reply_to=reply_to,
        headers={"Message-ID": "<1b2c3d@mentoring.example.org>"},
    )
    message.from_email = from_email
    return message


def parsed(data: bytes):
    return email.message_from_bytes(data, policy=policy.default)


def seen(message) -> dict:
    """What a mail program shows: each header decoded, and each part's type and decoded text."""
    headers = {
        name: str(message[name]).strip() for name in ("Subject", "From", "To", "Reply-To", "Message-ID", "MIME-Version")
    }
    parts = [
        (part.get_content_type(), part.get_content_charset(), part.get_content())
        for part in message.walk()
        if not part.is_multipart()
    ]
    return {"headers": headers, "parts": parts, "type": message.get_content_type()}


@pytest.mark.parametrize("shape", SHAPES)
def test_the_outbox_writes_what_django_writes(shape):
    message = build(**SHAPES[shape])
    ours = wire_bytes(message)
    assert ours is not None, "the common shape takes the fast path"
    djangos = message.message().as_bytes(linesep="\r\n")
    assert seen(parsed(ours)) == seen(parsed(djangos))
    assert str(parsed(ours)["Subject"]) == SHAPES[shape]["subject"]  # Django's folding adds a space here; ours does not
    assert parsed(ours)["Date"] is not None
    lines = ours.split(b"\r\n")
    assert all(len(line) <= 998 for line in lines)
    assert b"\n" not in ours.replace(b"\r\n", b"")
    assert all(line.isascii() for line in ours.split(b"\r\n\r\n", 1)[0].split(b"\r\n")), "headers are 7-bit"


@pytest.mark.parametrize("change", ["attachment", "long line", "newline in subject", "second alternative", "cc"])
def test_other_shapes_are_left_to_django(change):
    message = build(**SHAPES["accents everywhere"])
    if change == "attachment":
        message.attach("agreement.pdf", b"%PDF-1.7", "application/pdf")
    elif change == "long line":
        message.body = "x" * 1200
    elif change == "newline in subject":
        message.subject = "Hello\nBcc: everyone@example.org"
    elif change == "second alternative":
        message.attach_alternative("# Hello", "text/markdown")
    else:
        message.cc = ["c@example.org"]
    assert wire_bytes(message) is None


@pytest.mark.django_db
def test_over_smtp_every_shape_arrives_whole(settings):
    """Check-in e-mails (fast path) and an agreement with its PDF (Django's path) over a real SMTP conversation."""
    server = SMTPServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
    program = {"program_name": "Bridges Mentoring", "contact_name": "", "contact_email": "", "contact_phone": ""}
    try:
        invitations = [
            Email(
                name="profiles/invitation",
                to=[f"Zoë Nguyễn {n} <person{n}@example.org>"],
                key=f"test.wire:{n}",
                context={
                    "program": program,
                    "invitation": {"name": f"Zoë Nguyễn {n}"},
                    "link": f"/invitation/{n}/",
                    "role_label": "mentee",
                },
            )
            for n in range(3)
        ]
        email_queue_many(invitations)  # rendered by the sender
        email_queue(
            Email(
                name="profiles/invitation",
                to=["pdf@example.org"],
                context={
                    "program": program,
                    "invitation": {"name": "Sam"},
                    "link": "/invitation/pdf/",
                    "role_label": "mentor",
                },
                attachments=[Attachment("Agreement.pdf", b"%PDF-1.7 fake", "application/pdf")],
            )
        )
        report = outbox_flush(seconds=30)
    finally:
        server.stop()
    assert report.sent == 4
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 4
    received = {m["To"]: m for m in server.inbox.messages}
    for n in range(3):
        message = received[f"Zoë Nguyễn {n} <person{n}@example.org>"]
        assert f"/invitation/{n}/" in message.get_body(("plain",)).get_content()
        assert f"Zoë Nguyễn {n}" in message.get_body(("html",)).get_content()
    [attachment] = list(received["pdf@example.org"].iter_attachments())
    assert attachment.get_filename() == "Agreement.pdf"
    assert attachment.get_content() == b"%PDF-1.7 fake"
