"""What a person is told (``Notification``, shown by the bell) and how they want to hear of each kind by e-mail
(``Preference``; a kind without a row is sent as the kind's default says, ``kinds.py``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .kinds import Delivery


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def digest_pending(self):
        """Waiting for the person's next daily digest."""
        return self.filter(in_digest=True, digest_sent_at__isnull=True)


class Notification(models.Model):
    """One thing that happened that a person should know of: a line of text naming the partner and the
    partnership, and a link to the thing. At most one per person and ``key``."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=50)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=500, blank=True)
    key = models.CharField(
        max_length=200, help_text="What it is about (e.g. agreements.your_turn:12): one per person and key."
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    in_digest = models.BooleanField(default=False, help_text="The person hears of it in their daily digest.")
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notifications_one_per_user_and_key"),
        ]
        indexes = [
            # The bell's count: a person's unread ones.
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notifications_unread"),
            # The list, newest first.
            models.Index(fields=["user", "-created_at", "-id"], name="notifications_user_newest"),
            # The digest job: who has something waiting.
            models.Index(
                fields=["user", "created_at"],
                condition=Q(in_digest=True, digest_sent_at__isnull=True),
                name="notifications_digest_pending",
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class Preference(models.Model):
    """How one person wants to hear of one optional kind by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=50)
    delivery = models.CharField(max_length=6, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notifications_one_preference_per_kind"),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values), name="notifications_delivery_valid"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"
