"""The e-mails of notifications: the daily digest, and the unsubscribe part every optional e-mail carries.

The ground floor knows nothing of the program: the digest is given the program's name and contact
(``program``, plain values) and reply-to address by its caller, the project's beat task.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.urls import reverse

from outbox.emails import Email

from . import links
from .models import Notification


def digest_key(user_id: int, day: date) -> str:
    """One digest per person and day, however often the job runs."""
    return f"notifications.digest:{user_id}:{day:%Y-%m-%d}"


def digest(
    *,
    user_id: int,
    to: str,
    name: str,
    items: Sequence[Notification],
    day: date,
    program: Mapping[str, Any],
    reply_to: Sequence[str] = (),
) -> Email:
    """What happened since the last digest, one line and link each (plain values: rendered by the worker)."""
    url = links.unsubscribe_url(user_id=user_id, kind=links.DIGEST)
    return Email(
        name="notifications/digest",
        to=[to],
        key=digest_key(user_id, day),
        reply_to=list(reply_to),
        headers=links.unsubscribe_headers(url),
        context={
            "program": dict(program),
            "name": name,
            "items": [{"text": item.text, "url": _absolute(item.url)} for item in items],
            "list_url": settings.SITE_URL + reverse("notifications:list"),
            "notice": {
                "reason": "you chose a daily digest of what happens in the program",
                "preferences_url": links.preferences_url(),
                "unsubscribe_url": url,
            },
        },
    )


def _absolute(url: str) -> str:
    return settings.SITE_URL + url if url.startswith("/") else url
