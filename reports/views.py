"""The program year for the board (R1, R2): the page, its PDF and its CSV, for coordinators only."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import charts
from core.cache import cache_call
from core.csv import csv_response
from core.downloads import attachment_header
from profiles.access import coordinator_required
from profiles.models import ProgramSettings
from profiles.selectors import program_shown

from . import exports, services, tables, tasks
from .figures import YearFigures
from .forms import ReportForm
from .models import BoardPdf, BoardPdfStatus
from .selectors import CURRENT_SECONDS, FINAL_SECONDS, figures_for, years_available
from .years import current_year


def _chosen(request, program: ProgramSettings, data=None) -> tuple[list[YearFigures], ReportForm]:
    """The years the request asks for (the chosen one last), or this year beside last year."""
    data = request.GET if data is None else data
    available = years_available(program)
    choices = [(y, program.year_label(y)) for y in available]
    this_year = current_year(program)
    form = ReportForm(data or None, years=choices)
    year, since = this_year, max(this_year - 1, available[-1])
    if data:
        if form.is_valid():
            year, since = form.cleaned_data["year"], form.cleaned_data["since"]
        else:
            messages.error(request, "Those years are not in the program's data; this year is shown instead.")
            form = ReportForm(initial={"year": year, "since": since}, years=choices)
    else:
        form = ReportForm(initial={"year": year, "since": since}, years=choices)
    years = [figures_for(y, program=program) for y in range(since, year + 1)]
    return years, form


def _stamp(years: list[YearFigures], kind: str, program: ProgramSettings) -> str:
    """The key of what is drawn from exactly these figures (a copy is dropped when they are recomputed)."""
    parts = "|".join(f"{y.year}@{y.computed_at.timestamp()}" for y in years)
    digest = hashlib.sha256(f"{parts}|{program.program_name}".encode()).hexdigest()[:32]
    return f"reports:{kind}:{digest}"


def _timeout(years: list[YearFigures]) -> int:
    return FINAL_SECONDS if all(y.final for y in years) else CURRENT_SECONDS


@coordinator_required
def report(request):
    """The figures of a program year beside earlier years. The body is drawn once per set of figures and
    its copy kept as long as they are; the figures come from their own copies (``reports.selectors``)."""
    program = program_shown()
    years, form = _chosen(request, program)
    key = _stamp(years, "html", program)
    body = cache_call("get", key)
    if not isinstance(body, str):
        body = render_to_string("reports/_figures.html", tables.report_context(years))
        cache_call("set", key, body, timeout=_timeout(years))
    board_pdf = BoardPdf.objects.filter(
        first_year=years[0].year, last_year=years[-1].year, start_month=program.year_start_month
    ).first()
    latest = max(y.computed_at for y in years)
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "body": body,
            "years": years,
            "chosen": years[-1],
            "patterns": charts.pattern_defs(),
            "board_pdf": board_pdf,
            "board_pdf_current": bool(board_pdf and board_pdf.figures_at and board_pdf.figures_at >= latest),
        },
    )


@coordinator_required
@require_POST
def pdf_request(request):
    """Ask a worker to draw the board's PDF of the chosen years; the page links to it when it is ready."""
    program = program_shown()
    years, _ = _chosen(request, program, request.POST)
    found, queued = services.board_pdf_request(first_year=years[0].year, last_year=years[-1].year, by=request.user)
    if queued:
        transaction.on_commit(lambda: tasks.board_pdf_task.delay(found.pk), robust=True)
        messages.success(request, "The board PDF is being drawn; its link appears on this page when it is ready.")
    elif found.status == BoardPdfStatus.DONE:
        messages.info(request, "The board PDF of these figures is ready below.")
    else:
        messages.info(request, "The board PDF is already being drawn; its link appears here when it is ready.")
    return redirect(f"{reverse('reports:report')}?year={years[-1].year}&since={years[0].year}")


@coordinator_required
def pdf_download(request, pk):
    found = BoardPdf.objects.filter(pk=pk, status=BoardPdfStatus.DONE).exclude(pdf="").first()
    if found is None:
        raise Http404
    program = program_shown()
    response = FileResponse(found.pdf.open("rb"), content_type="application/pdf")
    label = program.year_label(found.last_year)
    response["Content-Disposition"] = attachment_header(f"{program.program_name} {label} report.pdf")
    return response


@coordinator_required
def report_csv(request):
    """The report's figures as CSV: one row per figure, a column per year, as the page shows them."""
    program = program_shown()
    years, _ = _chosen(request, program)
    header, rows = exports.figure_rows(years)
    return csv_response(f"report-{years[0].year}-{years[-1].year}.csv", header, rows)
