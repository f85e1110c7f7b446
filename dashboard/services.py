"""What the dashboard writes: the coordinator's messages to groups (N2)."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from outbox.services import email_queue_many
from profiles.models import ProgramSettings, User

from . import emails, groups
from .models import GroupMessage


class MessageError(Exception):
    """A message that cannot be sent; the text says why."""


def group_message_send(
    *, token: uuid.UUID, subject: str, body: str, group: groups.Group, by: User
) -> tuple[GroupMessage, bool]:
    """Write the message and one e-mail per person of ``group`` (as they are now) to the outbox, in one
    transaction. ``token`` comes from the preview the coordinator confirmed: sending it again (a second
    click, a reload) finds the message and writes nothing, and each e-mail's key is the message and the
    person's, so nobody gets it twice. Returns (message, whether this call sent it)."""
    subject, body = " ".join(subject.split()), body.replace("\r\n", "\n").strip()
    if not subject or not body:
        raise MessageError("Please write a subject and a message.")
    existing = GroupMessage.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    people = list(groups.recipients(group).only("pk", "email", "name", "called"))
    if not people:
        raise MessageError("Nobody is in that group: nothing was sent.")
    program = ProgramSettings.load()
    try:
        with transaction.atomic():
            message = GroupMessage.objects.create(
                token=token,
                subject=subject,
                body=body,
                group=group.name,
                group_label=group.label,
                params=dict(group.params),
                recipients=len(people),
                sent_by=by,
            )
            html = emails.message_html(body)
            written = 0
            for start in range(0, len(people), 1000):
                written += email_queue_many(
                    [
                        emails.group_message(message, person, html=html, program=program)
                        for person in people[start : start + 1000]
                    ]
                )
            message.emails = written
            message.save(update_fields=["emails"])
    except IntegrityError:  # the same preview sent at the same moment by another click: that one wrote it
        return GroupMessage.objects.get(token=token), False
    return message, True
