"""Reading notifications: the bell's count, a person's list, their preferences."""

from __future__ import annotations

from dataclasses import dataclass

from .kinds import KINDS, Delivery, Kind, optional_kinds
from .models import Notification, Preference


def unread_count(user) -> int:
    """The bell: one query on the partial index of unread notifications."""
    return Notification.objects.filter(user=user).unread().count()


def notifications_of(user):
    """A person's notifications, newest first (paged by the list)."""
    return Notification.objects.filter(user=user).only("kind", "text", "url", "created_at", "read_at")


@dataclass(frozen=True)
class Choice:
    kind: Kind
    delivery: str


def preferences_of(user, *, role: str = "") -> dict:
    """The account page's section: each optional kind a person of ``role`` ("mentor", "mentee", "coordinator";
    "" for every kind) may get, with their choice, and the essential kinds."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return {
        "choices": [Choice(kind, chosen.get(kind.name, kind.default)) for kind in optional_kinds(role)],
        "essential": [kind for kind in KINDS.values() if kind.essential and kind.reaches(role)],
        "deliveries": Delivery.choices,
    }
