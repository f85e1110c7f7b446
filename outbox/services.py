"""Queueing e-mails in the outbox: ``email_queue`` for one, ``email_queue_many`` for thousands.

``email_queue`` renders an e-mail and writes its row in the caller's
transaction; ``email_queue_many`` writes many rows at once and leaves their
bodies to the workers. Once that transaction commits, a task is asked to look
at the outbox. The task only says "look now": if it is lost (the broker restarted,
a worker was killed), the periodic sweep finds the row anyway, so an e-mail
can be late by a sweep period, never lost. Sending is ``sending.py``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from core.bulk import insert_ignoring_conflicts

from . import tasks
from .emails import Email, render_email, render_subject
from .models import Attachment as AttachmentRow
from .models import Message, MessageStatus
from .sending import batch_size

logger = logging.getLogger(__name__)


def email_queue(email: Email) -> Message | None:
    """Render ``email`` now and write it to the outbox; sent once the caller's transaction commits.

    Attachments travel with it. With a key (``email.key``), the e-mail is written at most once:
    asking again (a retried task, a second click) returns None and writes nothing.
    """
    if email.key is not None and Message.objects.filter(key=email.key).exists():
        return None  # already written: skip the rendering too
    recipients = _recipients(email)
    if not recipients:
        return None
    rendered = email.rendered or render_email(email.name, email.context)
    row = Message(
        key=email.key,
        to=recipients,
        reply_to=list(email.reply_to),
        headers=dict(email.headers),
        subject=rendered.subject[:998],
        text=rendered.text,
        html=rendered.html,
        due_at=timezone.now(),
    )
    with transaction.atomic():
        if email.key is None:
            row.save()
        else:
            # ON CONFLICT DO NOTHING: a concurrent writer of the same key wins, and this writes nothing.
            Message.objects.bulk_create([row], ignore_conflicts=True)
            written = Message.objects.filter(key=email.key, uid=row.uid).first()
            if written is None:
                return None
            row = written
        AttachmentRow.objects.bulk_create(
            [
                AttachmentRow(message=row, filename=a.filename, mimetype=a.mimetype, content=a.content)
                for a in email.attachments
            ]
        )
    outbox_kick()
    return row


def email_queue_many(emails: Sequence[Email]) -> int:
    """Write many e-mails at once (no attachments); keys already in the outbox are skipped.

    Each context must hold plain values: it is stored as JSON, and the worker
    that sends the e-mail renders its bodies (thousands are rendered by all
    workers in parallel, not here in one transaction). The subject is rendered
    now, so the outbox shows it. Written in the caller's transaction, in bulk
    (ON CONFLICT DO NOTHING on the key). Returns how many rows this call wrote.
    """
    if any(email.attachments or email.rendered for email in emails):
        raise ValueError("email_queue_many renders from templates, without attachments: queue this with email_queue.")
    keys = [email.key for email in emails if email.key is not None]
    known = set()
    for start in range(0, len(keys), 2000):
        known |= set(Message.objects.filter(key__in=keys[start : start + 2000]).values_list("key", flat=True))
    now = timezone.now()
    rows = []
    for email in emails:
        recipients = _recipients(email)
        if not recipients or (email.key is not None and email.key in known):
            continue
        rows.append(
            Message(
                key=email.key,
                to=recipients,
                reply_to=list(email.reply_to),
                headers=dict(email.headers),
                due_at=now,
                subject=render_subject(email.name, email.context)[:998],
                template=email.name,
                context=dict(email.context),
            )
        )
    if not rows:
        return 0
    written = insert_ignoring_conflicts(Message, rows)
    if written < 0:  # not counted by the insert (SQLite): count the rows it wrote
        uids = [row.uid for row in rows]
        written = sum(Message.objects.filter(uid__in=uids[i : i + 2000]).count() for i in range(0, len(uids), 2000))
    outbox_kick(written)
    return written


def _recipients(email: Email) -> list[str]:
    return [address for address in email.to if address]


def outbox_kick(count: int = 1) -> None:
    """Once the current transaction commits, ask workers to look at the outbox (enough of them for ``count``)."""
    transaction.on_commit(lambda: _wake(count), robust=True)


def _wake(count: int) -> None:
    flush = tasks.outbox_flush_task
    wanted = 1 if flush.app.conf.task_always_eager else min(math.ceil(count / batch_size()), 8)
    for _ in range(max(wanted, 1)):
        try:
            flush.delay()
        except Exception:  # the broker is away: the sweep will send it when it is back
            logger.warning("Could not reach the task broker; the outbox sweep will send the e-mails.", exc_info=True)
            return


def messages_retry(
    *, ids: Sequence[int], context: Mapping[str, Any] | None = None, reply_to: Sequence[str] | None = None
) -> int:
    """Put failed messages back in the queue (the coordinator's "send again"); returns how many.

    With ``context`` (the caller's fresh values, e.g. the program's current name and contact), an e-mail
    kept as a template and rendered when sent (``template``) gets those values in its context and its
    subject rendered again; an e-mail rendered in full when it was written keeps its text. With
    ``reply_to``, every one replies there from now on. The Message-ID (``uid``) stays: it is the same
    e-mail, and a receiver that got a copy the first time sees the same message.
    """
    failed = Message.objects.filter(pk__in=list(ids), status=MessageStatus.FAILED)
    if context is None and reply_to is None:
        count = failed.update(
            status=MessageStatus.QUEUED, attempts=0, due_at=timezone.now(), claim=None, claimed_at=None
        )
    else:
        count = 0
        with transaction.atomic():
            for row in failed.select_for_update().defer("text", "html"):
                fields: dict[str, Any] = {"status": MessageStatus.QUEUED, "attempts": 0, "due_at": timezone.now()}
                fields.update(claim=None, claimed_at=None)
                if context is not None and row.template:
                    fresh = {**(row.context or {}), **context}
                    fields["context"] = fresh
                    fields["subject"] = render_subject(row.template, fresh)[:998]
                if reply_to is not None:
                    fields["reply_to"] = list(reply_to)
                count += Message.objects.filter(pk=row.pk, status=MessageStatus.FAILED).update(**fields)
    if count:
        outbox_kick(count)
    return count
