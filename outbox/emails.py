"""Rendering an e-mail from its three templates, and turning it into a message.

Every e-mail is ``templates/emails/<name>-subject.txt``, ``-body.txt`` and
``-body.html``. The ground floor knows nothing of the program: whatever the
templates show of it (``program`` in the context, the reply-to address) is
passed in by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


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
    ctx = {"site_url": settings.SITE_URL, **context}
    text = _render_plain(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    return Rendered(subject=render_subject(name, context), text=text, html=html)


def _render_plain(template_name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: "R&D" stays "R&D" in a subject."""
    return get_template(template_name).template.render(Context(dict(context), autoescape=False))


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
    """One e-mail to queue: who, which templates, with what context.

    For ``emails_queue`` the context holds plain values only (text, numbers,
    lists, dicts): it is stored as JSON and rendered when the e-mail is sent.
    """

    name: str
    to: Sequence[str]
    context: Mapping[str, Any] = field(default_factory=dict)
    reply_to: Sequence[str] = ()
    attachments: Sequence[Attachment] = ()
