"""The outbox: every e-mail the program sends is a row here first.

A row is written in the same transaction as the change that causes it, so
an e-mail exists exactly when its cause does. Workers claim due rows, send
them and mark them sent; a periodic sweep picks up anything a lost task or
a killed worker left behind. Nothing about an e-mail lives only in a task.
"""

import uuid

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"  # its recipient's account was erased before it went


PENDING = [MessageStatus.QUEUED, MessageStatus.SENDING]
ERASED_DOMAIN = "erased.invalid"  # an erased person's address in the e-mails kept: never sent to


class MessageQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING)

    def failed(self):
        return self.filter(status=MessageStatus.FAILED)

    def delayed(self):
        """Tried, refused for now (or the server was away), and waiting for the next try: still queued, not failed.

        Derived rather than a status of its own, so nothing has to keep it in step: a row that was tried
        (``attempts``) and is queued again can only be waiting for a retry. "Send again" puts a failed
        e-mail back with no tries counted, so it is not delayed until it meets a temporary refusal.
        """
        return self.filter(status=MessageStatus.QUEUED, attempts__gt=0)


class Message(models.Model):
    """One e-mail, rendered, waiting to be sent, sent, or failed with the server's answer."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False, help_text="Makes the Message-ID header.")
    key = models.CharField(
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=(
            "What the e-mail is about (e.g. checkins.open:42): one e-mail per key, however often it is asked for."
        ),
    )
    to = models.JSONField(default=list)
    reply_to = models.JSONField(default=list, blank=True)
    headers = models.JSONField(
        default=dict, blank=True, help_text="Extra headers, e.g. List-Unsubscribe on an optional e-mail (RFC 8058)."
    )
    subject = models.CharField(max_length=998)
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    # E-mails written by the thousand (the monthly check-ins) keep their template and a context of
    # plain values, and are rendered by the worker that sends them, in parallel with the others.
    template = models.CharField(max_length=100, blank=True)
    context = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    status = models.CharField(max_length=9, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(
        help_text="When a worker should look at it next: now, after a retry's wait, or when a claim goes stale."
    )
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, help_text="The last failure, in the mail server's words.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MessageStatus.values), name="outbox_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=MessageStatus.SENT) | Q(sent_at__isnull=False), name="outbox_sent_has_time"
            ),
        ]
        indexes = [
            # What the sweep asks for: the few rows still to send, oldest due first.
            models.Index(fields=["due_at", "id"], condition=Q(status__in=PENDING), name="outbox_pending_due"),
            models.Index(fields=["status", "created_at"], name="outbox_status_created"),
            # What the coordinator's sent messages count by key prefix: the few e-mails not (yet) sent, as those
            # sent are counted from how many were written (``dashboard.selectors.group_message_deliveries``).
            models.Index(
                fields=["key"],
                opclasses=["varchar_pattern_ops"],
                condition=~Q(status=MessageStatus.SENT),
                name="outbox_unsent_key",
            ),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self) -> str:
        return ", ".join(self.to)


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(max_length=255)
    mimetype = models.CharField(max_length=100, default="application/octet-stream")
    content = models.BinaryField()

    def __str__(self):
        return self.filename
