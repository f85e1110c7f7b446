"""Reading the outbox: what became of an e-mail, and which ones failed."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Message, MessageStatus


def messages_by_key(keys: Iterable[str]) -> dict[str, Message]:
    """{key: message} for the keys that have an e-mail; one query per 2,000 keys."""
    keys = list(keys)
    found = {}
    for start in range(0, len(keys), 2000):
        for message in Message.objects.filter(key__in=keys[start : start + 2000]).defer("text", "html"):
            found[message.key] = message
    return found


def failed_messages():
    """E-mails that will not be tried again by themselves: refused for good, or out of tries. Newest first."""
    return Message.objects.filter(status=MessageStatus.FAILED).defer("text", "html").order_by("-created_at", "-pk")
