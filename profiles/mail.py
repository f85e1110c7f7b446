"""E-mails in the program's name: its name, contact and reply-to address, through the one outbox."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from outbox.emails import Attachment, Email
from outbox.models import Message
from outbox.services import email_queue

from .models import ProgramSettings


def program_context(program: ProgramSettings) -> dict[str, str]:
    """What e-mails show of the program, as plain values (for e-mails rendered later by a worker)."""
    return {name: getattr(program, name) for name in ("program_name", "contact_name", "contact_email", "contact_phone")}


def program_email_for(
    *,
    name: str,
    to: Sequence[str],
    context: Mapping[str, Any] | None = None,
    program: ProgramSettings | None = None,
    attachments: Sequence[Attachment] = (),
    plain: bool = False,
) -> Email:
    """The e-mail ``name`` with the program in its context and replies going to the program's contact.

    With ``plain``, the program goes in as plain values, for a context that must be JSON.
    """
    context = dict(context or {})
    program = program or context.get("program") or ProgramSettings.load()
    context["program"] = program_context(program) if plain else program
    reply_to = [program.contact_email] if program.contact_email else []
    return Email(name=name, to=list(to), context=context, reply_to=reply_to, attachments=attachments)


def program_email(
    *,
    name: str,
    to: Sequence[str],
    context: Mapping[str, Any] | None = None,
    key: str | None = None,
    program: ProgramSettings | None = None,
    attachments: Sequence[Attachment] = (),
) -> Message | None:
    """Write the e-mail ``name`` to the outbox, sent once the caller's transaction commits.

    ``key`` names what the e-mail is about; the outbox writes one e-mail per key.
    """
    return email_queue(
        program_email_for(name=name, to=to, context=context, program=program, attachments=attachments), key=key
    )
