"""Drawing the board's PDF (R2): asked for by a coordinator, drawn by a worker, kept in documents storage."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core import charts
from documents.pdf import html_to_pdf
from profiles.models import ProgramSettings
from profiles.selectors import program_shown

from .models import BoardPdf, BoardPdfStatus
from .selectors import figures_for
from .tables import report_context

# A drawing asked for this long ago and not finished is taken as lost: asking again queues it again.
LOST_AFTER = timedelta(minutes=10)


def board_pdf_request(*, first_year: int, last_year: int, by) -> tuple[BoardPdf, bool]:
    """Ask for the PDF of ``first_year`` to ``last_year``: (its row, whether a drawing was queued now).
    Nothing is queued while one is being drawn (a double submit), nor when the kept PDF was drawn from
    the figures the page shows. The caller queues ``board_pdf_task`` after commit when it says so."""
    program = ProgramSettings.load()
    now = timezone.now()
    latest = max(figures_for(y, program=program).computed_at for y in range(first_year, last_year + 1))
    with transaction.atomic():
        found, created = BoardPdf.objects.select_for_update().get_or_create(
            first_year=first_year,
            last_year=last_year,
            start_month=program.year_start_month,
            defaults={"requested_at": now, "requested_by": by},
        )
        if created:
            return found, True
        if found.status == BoardPdfStatus.QUEUED and found.requested_at > now - LOST_AFTER:
            return found, False  # being drawn
        if found.status == BoardPdfStatus.DONE and found.figures_at and found.figures_at >= latest:
            return found, False  # drawn from the figures shown
        found.status, found.requested_at, found.requested_by, found.finished_at = BoardPdfStatus.QUEUED, now, by, None
        found.save(update_fields=["status", "requested_at", "requested_by", "finished_at"])
    return found, True


def board_pdf_draw(*, board_pdf_id: int) -> None:
    """Draw the PDF of the row's years from their figures (the kept copies, or computed now) and keep it."""
    found = BoardPdf.objects.filter(pk=board_pdf_id).first()
    if found is None:
        return
    program = program_shown()
    try:
        years = [figures_for(y) for y in range(found.first_year, found.last_year + 1)]
        context = {**report_context(years), "program": program, "issued": timezone.localdate()}
        context["hours_chart"] = charts.solid_fills(context["hours_chart"])
        pdf = html_to_pdf(render_to_string("reports/report_pdf.html", context))
    except Exception:
        BoardPdf.objects.filter(pk=found.pk).update(status=BoardPdfStatus.FAILED, finished_at=timezone.now())
        raise
    name = f"board-{found.first_year}-{found.last_year}.pdf"
    if found.pdf:
        found.pdf.delete(save=False)
    found.pdf.save(name, ContentFile(pdf), save=False)
    found.status, found.finished_at = BoardPdfStatus.DONE, timezone.now()
    found.figures_at = max(y.computed_at for y in years)
    found.save(update_fields=["pdf", "status", "finished_at", "figures_at"])
