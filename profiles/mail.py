"""The program's part of every e-mail: its name and contact in the context, replies to its contact.

Each kind of e-mail is one function in the app that owns its event (``profiles/emails.py``,
``checkins/emails.py``, ...); each builds its ``Email`` with ``program_email_for``, and the
service queues it through the outbox.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from outbox.emails import Attachment, Email, Rendered

from .models import ProgramSettings


def program_context(program: ProgramSettings) -> dict[str, str]:
    """What e-mails show of the program, as plain values (for e-mails rendered later by a worker)."""
    return {name: getattr(program, name) for name in ("program_name", "contact_name", "contact_email", "contact_phone")}


def program_email_for(
    *,
    name: str,
    to: Sequence[str],
    context: Mapping[str, Any] | None = None,
    key: str | None = None,
    program: ProgramSettings | None = None,
    attachments: Sequence[Attachment] = (),
    plain: bool = False,
    rendered: Rendered | None = None,
) -> Email:
    """The e-mail ``name`` with the program in its context and replies going to the program's contact.

    ``key`` names what the e-mail is about; the outbox writes one e-mail per key. With ``plain``, the
    program goes in as plain values, for a context that must be JSON (``email_queue_many``). With
    ``rendered``, the e-mail was written elsewhere and only gets the reply-to.
    """
    context = dict(context or {})
    program = program or context.get("program") or ProgramSettings.load()
    context["program"] = program_context(program) if plain else program
    return Email(
        name=name,
        to=list(to),
        context=context,
        reply_to=[program.contact_email] if program.contact_email else [],
        attachments=attachments,
        key=key,
        rendered=rendered,
    )
