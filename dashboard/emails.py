"""The e-mails of the dashboard: the coordinator's message to a group (N2)."""

from __future__ import annotations

import markdown
import nh3

from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User

from .models import GroupMessage


def message_html(body: str) -> str:
    """The Markdown the coordinator wrote, as HTML that can hold no script, style or dangerous link."""
    return nh3.clean(markdown.markdown(body, extensions=["sane_lists"]))


def group_message(
    message: GroupMessage, person: User, *, html: str | None = None, program: ProgramSettings | None = None
) -> Email:
    """The coordinator's message to ``person``, greeted by name; the text part is the Markdown as written.
    Replies go to the program's contact. Plain values only: written by the thousand."""
    return program_email_for(
        name="dashboard/group-message",
        to=[person.email],
        key=f"{message.key_prefix}{person.pk}",
        program=program,
        plain=True,
        context={
            "name": person.get_short_name(),
            "subject": message.subject,
            "body": message.body,
            "body_html": html if html is not None else message_html(message.body),
            "group_label": message.group_label,
        },
    )
