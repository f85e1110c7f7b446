from django.conf import settings
from django.db import models

from documents.storage import documents_storage


class BoardPdfStatus(models.TextChoices):
    QUEUED = "queued", "Being drawn"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class BoardPdf(models.Model):
    """The board's PDF of a run of program years (``first_year`` to ``last_year``), drawn by a worker from
    the years' figures as they stood at ``figures_at`` (the latest of their computations). One row per
    run of years and start month: drawing again replaces its file."""

    first_year = models.PositiveSmallIntegerField()
    last_year = models.PositiveSmallIntegerField()
    start_month = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=BoardPdfStatus.choices, default=BoardPdfStatus.QUEUED)
    pdf = models.FileField(upload_to="reports/", blank=True, storage=documents_storage)
    figures_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first_year", "last_year", "start_month"], name="one_board_pdf_per_run"),
            models.CheckConstraint(condition=models.Q(first_year__lte=models.F("last_year")), name="board_pdf_years"),
            models.CheckConstraint(condition=models.Q(status__in=BoardPdfStatus.values), name="board_pdf_status_valid"),
        ]

    def __str__(self):
        return f"Board PDF {self.first_year}–{self.last_year} ({self.get_status_display().lower()})"
