"""A person's data rights (V1–V5): their downloads, erasures, consents, and the retention settings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from documents.storage import documents_storage


class PrivacySettings(models.Model):
    """How long what partners wrote is kept (V3): the one row the coordinator edits on the privacy settings page."""

    partnership_texts_months = models.PositiveSmallIntegerField(
        "notebook, plan comments, check-in and survey free text: months after the partnership closed",
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    concerns_months = models.PositiveSmallIntegerField(
        "concerns: months after they were resolved",
        default=36,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    declined_months = models.PositiveSmallIntegerField(
        "declined applications: months after the decision",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    agreements_years = models.PositiveSmallIntegerField(
        "signed agreements: years after the partnership closed",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "privacy settings"

    def __str__(self):
        return "Privacy settings"

    @classmethod
    def load(cls) -> PrivacySettings:
        """The row, or the defaults (unsaved) where none was ever saved. Only reads."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Consent(models.Model):
    """A person agreed to a version of the privacy notice (V5)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="one_consent_per_user_version")]

    def __str__(self):
        return f"{self.user} agreed to notice {self.version}"


class ExportStatus(models.TextChoices):
    BUILDING = "building", "Being prepared"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class DataExport(models.Model):
    """A person's data as a ZIP (V1), built by a task and downloaded through a signed, expiring link."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Them, or a coordinator.",
    )
    status = models.CharField(max_length=8, choices=ExportStatus.choices, default=ExportStatus.BUILDING)
    archive = models.FileField(upload_to="exports/", blank=True, storage=documents_storage)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Data of {self.user} ({self.get_status_display().lower()})"


class Erasure(models.Model):
    """An account erased (V2): who asked, why, and what was touched (counts only). Holds no name."""

    user_id = models.BigIntegerField(help_text="The erased account, kept as a former participant.")
    by_self = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    counts = models.JSONField(default=dict)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"Account {self.user_id} erased"


class RetentionRun(models.Model):
    """What a day's retention deleted (V3): counts, never content."""

    at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"Retention on {self.at:%Y-%m-%d}"
