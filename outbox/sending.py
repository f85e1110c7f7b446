"""Sending what the outbox holds.

``outbox_send_due`` claims due rows under ``SELECT ... FOR UPDATE SKIP
LOCKED`` (so several workers share the work without waiting on each other),
commits the claim, and only then talks to the mail server: no database
transaction or row lock is held during the SMTP conversation. Messages the
server accepted are marked sent together, every ``OUTBOX_MARK_EVERY`` messages
or half a second, whichever comes first (one statement instead of a round trip
per message). A claim that goes stale (its worker died) is taken again by the
sweep; a crash between the server's "250" and the mark can send those few
messages twice, and the stable Message-ID makes such a copy recognisable.

Failures are told apart: a permanent refusal (5xx) fails that message alone,
with the server's answer; a temporary one (4xx, a timeout, a refused
connection) is retried with backoff; a lost connection gives the rest of the
batch back to the queue untried. As a mail server keeps mail queued for days,
a temporary failure is retried for the queue's lifetime (``OUTBOX_QUEUE_LIFETIME``,
five days, counted from when the e-mail was written), the waits doubling up to
``OUTBOX_RETRY_MAX_SECONDS``; only then does the message fail. Until then it is
"delayed" (``Message.objects.delayed()``), not failed: nobody needs to act.
"""

from __future__ import annotations

import functools
import logging
import smtplib
import socket
import time
import uuid
from collections.abc import Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlparse

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection, transaction  # the database's; the mail server's is ``mailer``
from django.db.models import F, prefetch_related_objects
from django.utils import timezone

from .emails import Attachment, make_message, render_bodies, wire_bytes
from .models import ERASED_DOMAIN, PENDING, Message, MessageStatus
from .models import Attachment as AttachmentRow

logger = logging.getLogger(__name__)


def _setting(name: str, default):
    return getattr(settings, name, default)


def batch_size() -> int:
    return _setting("OUTBOX_BATCH_SIZE", 50)


def claim_timeout() -> timedelta:
    """A claim older than this is taken to belong to a dead worker."""
    return timedelta(seconds=_setting("OUTBOX_CLAIM_TIMEOUT", 300))


def queue_lifetime() -> timedelta:
    """How long an e-mail the mail server keeps refusing for now (or cannot be reached for) is tried."""
    return timedelta(seconds=_setting("OUTBOX_QUEUE_LIFETIME", 5 * 24 * 3600))


def retry_delay(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min, ... up to an hour between tries of one message (OUTBOX_RETRY_SECONDS is the first wait,
    OUTBOX_RETRY_MAX_SECONDS the longest)."""
    first = _setting("OUTBOX_RETRY_SECONDS", 30)
    longest = _setting("OUTBOX_RETRY_MAX_SECONDS", 3600)
    return timedelta(seconds=min(first * 2 ** min(max(attempts - 1, 0), 32), longest))


@dataclass
class SendReport:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retrying: int = 0


def _claim(limit: int, now: datetime) -> tuple[uuid.UUID, list[Message]]:
    """Take up to ``limit`` due messages for this worker.

    A claimed message is due again when its claim goes stale (``due_at`` moves to
    the end of the claim), so the sweep asks one question of one partial index:
    which pending messages are due. The claim is committed when this returns
    (unless the caller holds a transaction), before any SMTP.
    """
    token = uuid.uuid4()
    if connection.vendor == "postgresql":
        return token, _claim_returning(token, limit, now)
    with transaction.atomic():
        ids = list(
            Message.objects.pending()
            .filter(due_at__lte=now)
            .order_by("due_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)[:limit]
        )
        if ids:
            Message.objects.filter(pk__in=ids).update(
                status=MessageStatus.SENDING,
                claim=token,
                claimed_at=now,
                due_at=now + claim_timeout(),
                attempts=F("attempts") + 1,
            )
    messages = list(Message.objects.filter(pk__in=ids, claim=token).prefetch_related("attachments").order_by("pk"))
    return token, messages


def _claim_returning(token: uuid.UUID, limit: int, now: datetime) -> list[Message]:
    """The claim on PostgreSQL in one statement and one round trip: the same rows as the query above
    (pending, due, oldest first, skipping rows another worker holds), updated the same way, and read
    back by ``RETURNING``. Attachments are read only for the messages that have some."""
    name = connection.ops.quote_name
    table, files = name(Message._meta.db_table), name(AttachmentRow._meta.db_table)
    pk, owner = name(Message._meta.pk.column), name(AttachmentRow._meta.get_field("message").column)
    columns = ", ".join(f"{table}.{name(field.column)}" for field in Message._meta.concrete_fields)
    sql = (
        f"UPDATE {table} SET status = %s, claim = %s, claimed_at = %s, due_at = %s, attempts = attempts + 1 "
        f"WHERE {pk} IN (SELECT {pk} FROM {table} WHERE status IN (%s, %s) AND due_at <= %s "
        f"ORDER BY due_at, {pk} LIMIT %s FOR UPDATE SKIP LOCKED) "
        f"RETURNING {columns}, EXISTS (SELECT 1 FROM {files} WHERE {files}.{owner} = {table}.{pk}) AS has_files"
    )
    params = [MessageStatus.SENDING, token, now, now + claim_timeout(), *PENDING, now, limit]
    messages = sorted(Message.objects.raw(sql, params), key=lambda message: message.pk)
    prefetch_related_objects([m for m in messages if m.has_files], "attachments")  # type: ignore[attr-defined]
    return messages


def message_id_of(message: Message) -> str:
    host = urlparse(settings.SITE_URL).hostname or "localhost"
    return f"<{message.uid}@{host}>"


def _as_email(message: Message):
    text, html = message.text, message.html
    if message.template:
        text, html = render_bodies(message.template, message.context or {})
    return make_message(
        to=message.to,
        subject=message.subject,
        text=text,
        html=html,
        reply_to=message.reply_to,
        attachments=[Attachment(a.filename, bytes(a.content), a.mimetype) for a in _attachments_of(message)],
        headers={**(message.headers or {}), "Message-ID": message_id_of(message)},
    )


def _attachments_of(message: Message):
    """A claimed message's attachments: none without asking when the claim saw it has none (``has_files``)."""
    return message.attachments.all() if getattr(message, "has_files", True) else ()


# How a failure is treated: the message alone failed for good, it may work later, or the
# connection itself is gone (the rest of the batch goes back to the queue untried).
PERMANENT, TEMPORARY, CONNECTION = "permanent", "temporary", "connection"


def classify(exc: BaseException) -> tuple[str, str]:
    """(kind, the server's answer as text) for an exception raised while sending one message."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        answers = list(exc.recipients.values())
        text = "; ".join(f"{addr}: {code} {_decode(msg)}" for addr, (code, msg) in exc.recipients.items())
        return (PERMANENT if answers and all(code >= 500 for code, _ in answers) else TEMPORARY), text
    if isinstance(exc, (socket.timeout, TimeoutError)) or isinstance(exc.__context__, (socket.timeout, TimeoutError)):
        return CONNECTION, "The mail server did not answer in time."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return CONNECTION, f"The mail server closed the connection ({exc})."
    if isinstance(exc, smtplib.SMTPResponseException):
        text = f"{exc.smtp_code} {_decode(exc.smtp_error)}"
        if exc.smtp_code == 421:  # the server is closing the channel
            return CONNECTION, text
        return (PERMANENT if exc.smtp_code >= 500 else TEMPORARY), text
    if isinstance(exc, (ConnectionError, OSError, smtplib.SMTPException)):
        return CONNECTION, f"Could not talk to the mail server ({exc.__class__.__name__}: {exc})."
    raise exc


def _decode(value) -> str:
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _mark(message: Message, token: uuid.UUID, **fields) -> None:
    """Record what became of one message, right after the server answered (one statement)."""
    Message.objects.filter(pk=message.pk, claim=token).update(**fields)


@contextmanager
def _quick_commits():
    """While a batch is sent, PostgreSQL commits each mark without waiting for the disk.

    A killed worker loses nothing by it: the database already has the change.
    Only a crash of the database server itself could lose the last few marks,
    and those messages would be sent again with the same Message-ID. The
    connection's setting is put back afterwards, for whatever runs next on it.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO DEFAULT")


def _retry_later(message: Message, token: uuid.UUID, error: str, now: datetime) -> str:
    """After a temporary failure: try again after the next wait, or fail once the queue's lifetime is over.

    The last try is at the end of the lifetime, not up to a whole wait after it.
    """
    ends = message.created_at + queue_lifetime()
    if now >= ends:
        _mark(
            message,
            token,
            status=MessageStatus.FAILED,
            error=(
                f"The mail server refused it temporarily for {duration_text(now - message.created_at)} "
                f"({message.attempts} tries), and e-mails are kept for {duration_text(queue_lifetime())}. "
                f"Its last answer: {error}"
            ),
            claim=None,
        )
        return MessageStatus.FAILED
    due = min(now + retry_delay(message.attempts), ends)
    _mark(message, token, status=MessageStatus.QUEUED, due_at=due, error=error, claim=None)
    return MessageStatus.QUEUED


def duration_text(span: timedelta) -> str:
    """A span the way a person says it: "5 days", "3 hours", "40 minutes", "12 seconds"."""
    seconds = int(span.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def _release(messages: Sequence[Message], token: uuid.UUID, error: str, now: datetime) -> None:
    """Give untried messages back to the queue, without counting the try."""
    Message.objects.filter(pk__in=[m.pk for m in messages], claim=token).update(
        status=MessageStatus.QUEUED,
        due_at=now + retry_delay(1),
        attempts=F("attempts") - 1,
        claim=None,
        error=error,
    )


def outbox_send_due(*, limit: int | None = None, now: datetime | None = None) -> SendReport:
    """Claim up to ``limit`` due messages and send them on one connection."""
    now = now or timezone.now()
    token, messages = _claim(limit or batch_size(), now)
    report = SendReport(claimed=len(messages))
    if not messages:
        return report
    mailer = get_connection()
    try:
        mailer.open()
    except Exception as exc:
        _kind, error = classify(exc)
        for message in messages:
            _retry_later(message, token, error, now)
        report.retrying = len(messages)
        return report
    try:
        with _quick_commits():
            _send_each(messages, token, mailer, report)
    finally:
        with suppress(Exception):
            mailer.close()
    return report


class _SentMarks:
    """Messages the server accepted, marked sent together: at most ``every`` of them or ``seconds`` late."""

    def __init__(self, token: uuid.UUID, every: int, seconds: float = 0.5):
        self.token, self.every, self.seconds = token, every, seconds
        self.pending: list[int] = []
        self.since = time.monotonic()

    def add(self, message: Message) -> None:
        if not self.pending:
            self.since = time.monotonic()
        self.pending.append(message.pk)
        if len(self.pending) >= self.every or time.monotonic() - self.since >= self.seconds:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            Message.objects.filter(pk__in=self.pending, claim=self.token).update(
                status=MessageStatus.SENT, sent_at=timezone.now(), error="", claim=None
            )
            self.pending = []


def _send_each(messages: Sequence[Message], token: uuid.UUID, mailer, report: SendReport) -> None:
    """Send each claimed message in turn on ``mailer``, recording what the server said of it."""
    sent = _SentMarks(token, every=_setting("OUTBOX_MARK_EVERY", 20))
    try:
        _send_each_marking(messages, token, mailer, report, sent)
    finally:
        sent.flush()


def _send_each_marking(
    messages: Sequence[Message], token: uuid.UUID, mailer, report: SendReport, sent: _SentMarks
) -> None:
    for index, message in enumerate(messages):
        if message.to and all(str(a).endswith("@" + ERASED_DOMAIN) for a in message.to):
            # Its person was erased while a worker held it, and it came back: nobody is left to send it to.
            _mark(message, token, status=MessageStatus.CANCELLED, claim=None)
            continue
        try:
            email = _as_email(message)
        except Exception as exc:
            logger.exception("Could not write outbox message %s", message.pk)
            _mark(
                message,
                token,
                status=MessageStatus.FAILED,
                claim=None,
                error=f"The e-mail could not be written ({exc.__class__.__name__}: {exc}).",
            )
            report.failed += 1
            continue
        try:
            _deliver(mailer, email)
        except Exception as exc:
            kind, error = classify(exc)
            if kind == PERMANENT:
                _mark(message, token, status=MessageStatus.FAILED, error=error, claim=None)
                report.failed += 1
                continue
            outcome = _retry_later(message, token, error, timezone.now())
            report.failed += outcome == MessageStatus.FAILED
            report.retrying += outcome == MessageStatus.QUEUED
            if kind == CONNECTION:
                _release(messages[index + 1 :], token, error, timezone.now())
                report.retrying += len(messages) - index - 1
                return
        else:
            sent.add(message)
            report.sent += 1


def _deliver(mailer, email) -> None:
    """Hand ``email`` to the mail server; on SMTP, in the bytes ``wire_bytes`` writes when it can (much faster)."""
    data = wire_bytes(email) if isinstance(mailer, SMTPBackend) and mailer.connection else None
    if data is None:
        mailer.send_messages([email])
        return
    mailer.connection.sendmail(_envelope(email.from_email), [_envelope(a) for a in email.recipients()], data)


@functools.lru_cache(maxsize=256)  # the sender's address is the same for every message
def _envelope(address: str) -> str:
    """An address for the SMTP envelope, as Django's backend gives it (it checks and encodes what is not ASCII)."""
    return address if address.isascii() and "<" not in address else sanitize_address(address, "utf-8")


def outbox_flush(*, seconds: float | None = None) -> SendReport:
    """Send due messages batch after batch until none is due or ``seconds`` have passed."""
    budget = _setting("OUTBOX_FLUSH_SECONDS", 60) if seconds is None else seconds
    deadline = time.monotonic() + budget
    total = SendReport()
    while True:
        report = outbox_send_due()
        for name in ("claimed", "sent", "failed", "retrying"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        server_away = report.claimed and report.retrying == report.claimed
        if report.claimed == 0 or server_away or time.monotonic() >= deadline:
            return total
