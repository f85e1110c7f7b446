"""The one way the app sends e-mail.

Every message is rendered from three templates, ``emails/<name>-subject.txt``,
``emails/<name>-body.txt`` and ``emails/<name>-body.html``, and handed to a
Celery task once the surrounding transaction commits, so a rolled-back change
never e-mails anybody.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import Context
from django.template.loader import get_template, render_to_string


def base_context() -> dict[str, Any]:
    from profiles.models import ProgramSettings

    return {"program": ProgramSettings.load(), "site_url": settings.SITE_URL}


def render_email(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """Render subject, plain text and HTML bodies of the e-mail called ``name``."""
    ctx = {**base_context(), **context}
    subject = " ".join(_render_plain(f"emails/{name}-subject.txt", ctx).split())  # one line, always
    text = _render_plain(f"emails/{name}-body.txt", ctx)
    html = render_to_string(f"emails/{name}-body.html", ctx)
    return subject, text, html


def _render_plain(template_name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping: "R&D" stays "R&D" in a subject."""
    return get_template(template_name).template.render(Context(dict(context), autoescape=False))


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
    program = base_context()["program"]
    reply_to = [program.contact_email] if program.contact_email else []
    transaction.on_commit(
        lambda: send_email_task.delay(to=recipients, subject=subject, text=text, html=html, reply_to=reply_to)
    )
