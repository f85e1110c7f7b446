"""What the notifications app holds about a person, for the privacy app to export and erase (data rights).

- ``Notification``: each thing the person was told (its kind, the line shown, the link, when, whether read,
  whether it went into a daily digest). The line names the partner, so it is the person's own record,
  not the partner's: it is exported with the person's data and erased with the person.
- ``Preference``: how the person chose to hear of each kind by e-mail.

The e-mails themselves are the outbox's (floor 1); the digest's outbox key names the person's id and day.
Nothing here is kept after the person's account is erased: both tables cascade from the user, and
``erase`` deletes them explicitly so the privacy app can report how many rows went.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction

from core.personal import Export

from .kinds import KINDS
from .models import Notification, Preference

COVERS = {
    "notifications.Notification": "exported; erased: deleted (the line names the partner, so it is the person's own)",
    "notifications.Preference": "exported; erased: deleted",
}


def export(user) -> Export:
    """The person's notifications and e-mail choices, as the privacy app's download holds them."""
    tables: dict[str, list[dict[str, Any]]] = {section: [] for section in EXPORT_SECTIONS}
    for section, row in export_rows(user):
        tables[section].append(dict(zip(EXPORT_SECTIONS[section], row, strict=True)))
    return Export(tables=tables)


# The sections of a person's export this app writes: (title, column names).
EXPORT_SECTIONS = {
    "Notifications": ["when", "kind", "text", "link", "read at", "in the daily digest", "digest sent at"],
    "E-mail preferences": ["kind", "delivery"],
}


def export_rows(user) -> Iterator[tuple[str, list[Any]]]:
    """(section, row) for everything this app holds of ``user``, oldest notification first."""
    notifications = Notification.objects.filter(user=user).order_by("created_at", "pk")
    for n in notifications.iterator(chunk_size=2000):
        yield (
            "Notifications",
            [
                n.created_at.isoformat(),
                n.kind,
                n.text,
                n.url,
                n.read_at.isoformat() if n.read_at else "",
                "yes" if n.in_digest else "no",
                n.digest_sent_at.isoformat() if n.digest_sent_at else "",
            ],
        )
    for kind, delivery in Preference.objects.filter(user=user).order_by("kind").values_list("kind", "delivery"):
        label = KINDS[kind].label if kind in KINDS else kind
        yield ("E-mail preferences", [label, delivery])


@transaction.atomic
def erase(user) -> dict[str, int]:
    """Delete everything this app holds of ``user``; {model: rows deleted}."""
    notifications, _ = Notification.objects.filter(user=user).delete()
    preferences, _ = Preference.objects.filter(user=user).delete()
    return {"notifications.Notification": notifications, "notifications.Preference": preferences}
