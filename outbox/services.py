"""Queueing e-mails in the outbox.

``email_queue`` renders an e-mail and writes its row in the caller's
transaction; once that transaction commits, a task is asked to look at the
outbox. The task only says "look now": if it is lost (the broker restarted,
a worker was killed), the periodic sweep finds the row anyway, so an e-mail
can be late by a sweep period, never lost. Sending is ``sending.py``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from . import tasks
from .emails import Attachment, Email, render_email, render_subject
from .models import Attachment as AttachmentRow
from .models import Message, MessageStatus
from .sending import batch_size

logger = logging.getLogger(__name__)


def message_queue(
    *,
    to: Sequence[str],
    subject: str,
    text: str,
    html: str = "",
    reply_to: Sequence[str] = (),
    attachments: Sequence[Attachment] = (),
    key: str | None = None,
) -> Message | None:
    """Write an already rendered e-mail to the outbox; sent once the caller's transaction commits.

    With a ``key``, the e-mail is written at most once: asking again (a retried
    task, a second click) returns None and writes nothing.
    """
    recipients = [address for address in to if address]
    if not recipients:
        return None
    row = Message(
        key=key,
        to=recipients,
        reply_to=list(reply_to),
        subject=subject[:998],
        text=text,
        html=html,
        due_at=timezone.now(),
    )
    with transaction.atomic():
        if key is None:
            row.save()
        else:
            # ON CONFLICT DO NOTHING: a concurrent writer of the same key wins, and this writes nothing.
            Message.objects.bulk_create([row], ignore_conflicts=True)
            row = Message.objects.filter(key=key, uid=row.uid).first()
            if row is None:
                return None
        AttachmentRow.objects.bulk_create(
            [
                AttachmentRow(message=row, filename=a.filename, mimetype=a.mimetype, content=a.content)
                for a in attachments
            ]
        )
    outbox_kick()
    return row


def email_queue(email: Email, *, key: str | None = None) -> Message | None:
    """Render ``email`` now and write it to the outbox (see ``message_queue``)."""
    if key is not None and Message.objects.filter(key=key).exists():
        return None  # already written: skip the rendering too
    rendered = render_email(email.name, email.context)
    return message_queue(
        to=email.to,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        reply_to=email.reply_to,
        attachments=email.attachments,
        key=key,
    )


def emails_queue(emails: Sequence[tuple[str | None, Email]]) -> int:
    """Write many e-mails at once (no attachments); keys already in the outbox are skipped.

    Each context must hold plain values: it is stored as JSON, and the worker
    that sends the e-mail renders its bodies (thousands are rendered by all
    workers in parallel, not here in one transaction). The subject is rendered
    now, so the outbox shows it. Returns how many rows this call wrote.
    """
    keys = [key for key, _ in emails if key is not None]
    known = set()
    for start in range(0, len(keys), 2000):
        known |= set(Message.objects.filter(key__in=keys[start : start + 2000]).values_list("key", flat=True))
    now = timezone.now()
    rows = []
    for key, email in emails:
        recipients = [address for address in email.to if address]
        if not recipients or (key is not None and key in known):
            continue
        rows.append(
            Message(
                key=key,
                to=recipients,
                reply_to=list(email.reply_to),
                due_at=now,
                subject=render_subject(email.name, email.context)[:998],
                template=email.name,
                context=dict(email.context),
            )
        )
    if not rows:
        return 0
    Message.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    uids = [row.uid for row in rows]
    written = sum(Message.objects.filter(uid__in=uids[i : i + 2000]).count() for i in range(0, len(uids), 2000))
    outbox_kick(written)
    return written


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


def messages_retry(*, ids: Sequence[int]) -> int:
    """Put failed messages back in the queue (the coordinator's "send again"); returns how many."""
    count = Message.objects.filter(pk__in=list(ids), status=MessageStatus.FAILED).update(
        status=MessageStatus.QUEUED, attempts=0, due_at=timezone.now(), claim=None, claimed_at=None
    )
    if count:
        outbox_kick(count)
    return count
