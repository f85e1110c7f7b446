"""Reading the outbox: what became of an e-mail, which ones failed, which are delayed, and whether any wait too long."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min
from django.utils import timezone

from .models import Message, MessageStatus
from .sending import claim_timeout, duration_text, queue_lifetime


def messages_by_key(keys: Iterable[str], *, fields: Sequence[str] = ()) -> dict[str, Message]:
    """{key: message} for the keys that have an e-mail; one query per 2,000 keys. ``fields``: only those
    columns (with the key), for a page that shows a few of each message; else all but the bodies."""
    keys = list(keys)
    found = {}
    messages = Message.objects.only("key", *fields) if fields else Message.objects.defer("text", "html")
    for start in range(0, len(keys), 2000):
        for message in messages.filter(key__in=keys[start : start + 2000]):
            found[message.key] = message
    return found


def failed_messages():
    """E-mails that will not be tried again by themselves: refused for good, or refused for now until the queue's
    lifetime ended. Newest first."""
    return Message.objects.filter(status=MessageStatus.FAILED).defer("text", "html").order_by("-created_at", "-pk")


def delayed_messages():
    """E-mails the mail server refused for now (or could not be reached for), waiting for their next try;
    oldest first, as the oldest is the first to fail when the queue's lifetime ends."""
    return Message.objects.delayed().defer("text", "html", "context").order_by("created_at", "pk")


@dataclass(frozen=True)
class DelayedSummary:
    """What the coordinator is told of delayed e-mails: how many, since when, what the server said, when next."""

    count: int
    since: datetime | None = None
    next_try: datetime | None = None
    last_answer: str = ""
    lifetime: timedelta = timedelta(0)

    @property
    def lifetime_text(self) -> str:
        return duration_text(self.lifetime)

    @property
    def gives_up_at(self) -> datetime | None:
        """When the oldest one fails if the server goes on refusing it."""
        return None if self.since is None else self.since + self.lifetime


def delayed_summary() -> DelayedSummary:
    """Two queries on the pending rows (few, unless the mail server is away): the figures, then the latest answer."""
    figures = Message.objects.delayed().aggregate(count=Count("pk"), since=Min("created_at"), next_try=Min("due_at"))
    if not figures["count"]:
        return DelayedSummary(count=0, lifetime=queue_lifetime())
    last_answer = Message.objects.delayed().order_by("-claimed_at", "-pk").values_list("error", flat=True).first() or ""
    return DelayedSummary(
        count=figures["count"],
        since=figures["since"],
        next_try=figures["next_try"],
        last_answer=last_answer,
        lifetime=queue_lifetime(),
    )


def backlog_alarm() -> timedelta:
    return timedelta(seconds=getattr(settings, "OUTBOX_BACKLOG_ALARM_SECONDS", 300))


@dataclass(frozen=True)
class Backlog:
    """E-mails a worker should have taken by now: due (not waiting for a retry) for longer than the alarm."""

    due: int  # queued and due, never taken
    claims: int  # claimed by a worker that stopped: past OUTBOX_CLAIM_TIMEOUT, not taken back
    alarm: timedelta

    @property
    def late(self) -> bool:
        return bool(self.due or self.claims)

    def describe(self) -> str:
        minutes = int(self.alarm.total_seconds() // 60)
        wait = f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes else f"{int(self.alarm.total_seconds())} s"
        parts = []
        if self.due:
            parts.append(f"{self.due} e-mail{'s' if self.due != 1 else ''} due for more than {wait}")
        if self.claims:
            parts.append(
                f"{self.claims} claim{'s' if self.claims != 1 else ''} past OUTBOX_CLAIM_TIMEOUT "
                f"({int(claim_timeout().total_seconds())} s) not taken back for {wait}"
            )
        if not parts:
            return f"no e-mail has been due for more than {wait}"
        return "; ".join(parts) + ": is a worker running, and celery beat?"


def outbox_backlog() -> Backlog:
    """One query on the pending rows' partial index (``outbox_pending_due``).

    A claimed row's ``due_at`` is the end of its claim, so a claim left by a dead worker becomes due like a
    queued row, and the sweep takes it back within a minute. A row waiting for its retry is not due yet:
    delayed e-mails are retried as designed and are no alarm by themselves.
    """
    alarm = backlog_alarm()
    counts = dict(
        Message.objects.pending()
        .filter(due_at__lte=timezone.now() - alarm)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return Backlog(due=counts.get(MessageStatus.QUEUED, 0), claims=counts.get(MessageStatus.SENDING, 0), alarm=alarm)
