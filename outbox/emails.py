"""Rendering an e-mail from its three templates, and turning it into a message.

Every e-mail is ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html``. The ground floor knows nothing of the program: whatever the
templates show of it (``program`` in the context, the reply-to address) is
passed in by the caller.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.header import Header
from email.utils import formatdate, getaddresses
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import ADDRESS_HEADERS, sanitize_address
from django.template import Context, Engine
from django.template.loader import render_to_string


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str = "application/octet-stream"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def render_subject(name: str, context: Mapping[str, Any]) -> str:
    """The subject of the e-mail called ``name``, on one line."""
    return " ".join(_render_plain(f"emails/{name}-subject.txt", {"site_url": settings.SITE_URL, **context}).split())


def render_email(name: str, context: Mapping[str, Any]) -> Rendered:
    """Render subject, plain text and HTML bodies of the e-mail called ``name``."""
    text, html = render_bodies(name, context)
    return Rendered(subject=render_subject(name, context), text=text, html=html)


def render_bodies(name: str, context: Mapping[str, Any]) -> tuple[str, str]:
    """The plain-text and HTML bodies of the e-mail called ``name`` (its subject is kept apart)."""
    ctx = {"site_url": settings.SITE_URL, **context}
    return _render_plain(f"emails/{name}-body.txt", ctx), render_to_string(f"emails/{name}-body.html", ctx)


def _render_plain(template_name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: "R&D" stays "R&D" in a subject."""
    return Engine.get_default().get_template(template_name).render(Context(dict(context), autoescape=False))


def make_message(
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    reply_to: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    headers: Mapping[str, str] | None = None,
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=list(to), reply_to=list(reply_to) or None, headers=dict(headers or {})
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    return message


@dataclass(frozen=True)
class Email:
    """One e-mail to queue: who, which templates, with what context, and what makes it unique.

    Each kind of e-mail is one function in the app that owns its event (``checkins/emails.py``, ...)
    that returns one of these; the service queues it (``outbox.services.email_queue``) inside its
    transaction. ``key`` names what the e-mail is about: the outbox writes one e-mail per key, however
    often it is asked for. For ``email_queue_many`` the context holds plain values only (text,
    numbers, lists, dicts): it is stored as JSON and rendered when the e-mail is sent.

    ``rendered`` is for an e-mail written elsewhere (allauth's own wording, for an account e-mail we
    have no template for): it is queued as it is, and ``name`` only says what it is.

    ``headers`` are extra headers sent with it (an optional e-mail's ``List-Unsubscribe``, RFC 8058).
    """

    name: str
    to: Sequence[str]
    context: Mapping[str, Any] = field(default_factory=dict)
    reply_to: Sequence[str] = ()
    attachments: Sequence[Attachment] = ()
    key: str | None = None
    rendered: Rendered | None = None
    headers: Mapping[str, str] = field(default_factory=dict)


# The longest line RFC 5322 allows, without its CRLF.
MAX_LINE = 998


def wire_bytes(message: EmailMultiAlternatives) -> bytes | None:
    """``message`` as the mail server receives it, written directly: the same headers and parts Django writes.

    Python's e-mail generator spends more time on a check-in e-mail than the
    template and the SMTP conversation together, mostly re-folding headers that
    need no folding. This writes the program's common shape (a plain-text body,
    at most an HTML alternative, no attachments, lines within the limit) in a
    tenth of the time; for anything else it returns None and Django writes it.
    """
    html = [
        content for content, mimetype in message.alternatives if mimetype == "text/html" and isinstance(content, str)
    ]
    if message.attachments or message.cc or message.bcc or len(html) != len(message.alternatives) or len(html) > 1:
        return None
    headers = [
        ("Subject", message.subject),
        ("From", message.extra_headers.get("From", message.from_email)),
        ("To", ", ".join(map(str, message.to))),
    ]
    if message.reply_to:
        headers.append(("Reply-To", ", ".join(map(str, message.reply_to))))
    names = {name.lower() for name in message.extra_headers}
    if "date" not in names:
        headers.append(("Date", formatdate(localtime=settings.EMAIL_USE_LOCALTIME)))
    if "message-id" not in names:
        return None  # Django makes one up; the outbox always sets its own
    headers += [(name, value) for name, value in message.extra_headers.items() if name.lower() != "from"]
    encoding = message.encoding or settings.DEFAULT_CHARSET
    if encoding.lower() not in ("utf-8", "utf8"):
        return None
    parts = [("plain", str(message.body))] + [("html", content) for content in html]
    bodies = [body for _, text in parts if (body := _body(text)) is not None]
    lines = [line for name, value in headers if (line := _header(name, value)) is not None]
    if len(bodies) != len(parts) or len(lines) != len(headers):
        return None
    mime = "MIME-Version: 1.0"
    if len(parts) == 1:
        head = ['Content-Type: text/plain; charset="utf-8"', mime, "Content-Transfer-Encoding: 8bit", *lines]
        return ("\r\n".join(head) + "\r\n\r\n").encode() + bodies[0]
    boundary = f"=============={uuid.uuid4().hex}=="
    out = [
        (
            "\r\n".join([f'Content-Type: multipart/alternative; boundary="{boundary}"', mime, *lines]) + "\r\n\r\n"
        ).encode()
    ]
    for (subtype, _), body in zip(parts, bodies, strict=True):
        out.append(
            f'--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n{mime}\r\n'
            "Content-Transfer-Encoding: 8bit\r\n\r\n".encode()
        )
        out.append(body + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out)


def _header(name: str, value: str) -> str | None:
    """One header line (folded as Django folds encoded words); None for what Django should write or refuse."""
    value = str(value)
    if "\n" in value or "\r" in value:
        return None  # Django refuses it with BadHeaderError
    if not value.isascii():
        if name.lower() in ADDRESS_HEADERS:
            value = ", ".join(sanitize_address(address, "utf-8") for address in getaddresses((value,)))
        else:
            value = Header(value, "utf-8").encode()
    line = f"{name}: {value}"
    if any(len(part) > MAX_LINE for part in line.split("\n")):
        return None
    return line.replace("\n", "\r\n")


_LINE_END = re.compile(r"\r\n|\r|\n")


def _body(text: str) -> bytes | None:
    """The body in 8 bits with CRLF line ends; None if a line is too long for that (Django uses quoted-printable)."""
    lines = _LINE_END.split(text)
    if any(len(line.encode()) > MAX_LINE for line in lines):
        return None
    return "\r\n".join(lines).encode()
