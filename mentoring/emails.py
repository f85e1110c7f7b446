"""The one way the app sends e-mail.

Every message is rendered from three templates, ``emails/<name>-subject.txt``,
``emails/<name>-body.txt`` and ``emails/<name>-body.html``, and sent by a
Celery task: ``send_email`` hands it to the task once the surrounding
transaction commits, so a rolled-back change never e-mails anybody. Tasks that
send many messages of their own (the monthly check-ins) build them with
``build_email`` and send them on one connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string


def base_context(program=None) -> dict[str, Any]:
    from profiles.models import ProgramSettings

    return {"program": program or ProgramSettings.load(), "site_url": settings.SITE_URL}


def render_email(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Render subject, plain text and HTML bodies of the e-mail called ``name``."""
    ctx = {**base_context(context.get("program")), **context}
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", ctx).split())  # one line, always
    text = _render_plain(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    return subject, text, html


def _render_plain(template_name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: "R&D" stays "R&D" in a subject."""
    return get_template(template_name).template.render(Context(dict(context), autoescape=False))


def make_message(
    *, to: list[str], subject: str, text: str, html: str = "", reply_to: list[str] | None = None
) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, reply_to=reply_to or None)
    if html:
        message.attach_alternative(html, "text/html")
    return message


def reply_to_of(program) -> list[str]:
    return [program.contact_email] if program.contact_email else []


def build_email(*, name: str, to: list[str], context: Mapping[str, Any]) -> EmailMultiAlternatives:
    """Render the e-mail ``name`` into a message, for a task that sends it itself."""
    program = context.get("program") or base_context()["program"]
    subject, text, html = render_email(name, {**context, "program": program})
    return make_message(to=to, subject=subject, text=text, html=html, reply_to=reply_to_of(program))


def send_email(*, name: str, to: Iterable[str], context: Mapping[str, Any] | None = None) -> None:
    """Render the e-mail ``name`` now and send it after the current transaction commits."""
    subject, text, html = render_email(name, context or {})
    queue_email(to=to, subject=subject, text=text, html=html)


def queue_email(*, to: Iterable[str], subject: str, text: str, html: str = "") -> None:
    """Hand an already rendered e-mail to the sending task once the transaction commits."""
    from mentoring.tasks import send_email_task

    recipients = [address for address in to if address]
    if not recipients:
        return
    reply_to = reply_to_of(base_context()["program"])
    transaction.on_commit(
        lambda: send_email_task.delay(to=recipients, subject=subject, text=text, html=html, reply_to=reply_to)
    )
