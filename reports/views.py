"""The program year for the board (R1, R2): the page, its PDF and its CSV, for coordinators only."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from core import charts
from core.cache import cache_call
from core.csv import csv_response
from core.downloads import attachment_header
from documents.pdf import html_to_pdf
from profiles.access import coordinator_required
from profiles.models import ProgramSettings
from profiles.selectors import program_shown

from . import exports, tables
from .figures import SUPPRESSED, YearFigures
from .forms import ReportForm
from .selectors import CURRENT_SECONDS, FINAL_SECONDS, figures_for, years_available
from .years import current_year


def _chosen(request, program: ProgramSettings) -> tuple[list[YearFigures], ReportForm]:
    """The years the request asks for (the chosen one last), or this year beside last year."""
    available = years_available(program)
    choices = [(y, program.year_label(y)) for y in available]
    this_year = current_year(program)
    form = ReportForm(request.GET or None, years=choices)
    year, since = this_year, max(this_year - 1, available[-1])
    if request.GET:
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


def _context(years: list[YearFigures]) -> dict:
    chosen = years[-1]
    return {
        "years": years,
        "chosen": chosen,
        "previous": years[-2] if len(years) > 1 else None,
        "sections": tables.figure_sections(years),
        "headlines": tables.headlines(years),
        "survival_rows": tables.survival_rows(years),
        "survival_chart": tables.survival_chart(years),
        "month_rows": tables.month_rows(chosen),
        "hours_chart": tables.hours_chart(chosen),
        "response_chart": tables.response_chart(chosen),
        "breakdowns": tables.breakdown_tables(chosen),
        "breakdown_headers": tables.BREAKDOWN_HEADERS,
        "hours_headers": tables.HOURS_HEADERS,
        "suppressed": SUPPRESSED,
    }


@coordinator_required
def report(request):
    """The figures of a program year beside earlier years. The body is drawn once per set of figures and
    its copy kept as long as they are; the figures come from their own copies (``reports.selectors``)."""
    program = program_shown()
    years, form = _chosen(request, program)
    key = _stamp(years, "html", program)
    body = cache_call("get", key)
    if not isinstance(body, str):
        body = render_to_string("reports/_figures.html", _context(years))
        cache_call("set", key, body, timeout=_timeout(years))
    return render(
        request,
        "reports/report.html",
        {"form": form, "body": body, "years": years, "chosen": years[-1], "patterns": charts.pattern_defs()},
    )


@coordinator_required
def report_pdf(request):
    """The board's PDF of the chosen years: a cover, the headline figures with their change, then every
    section with its charts and tables; no person's name. Its copy is kept as long as its figures."""
    program = program_shown()
    years, _ = _chosen(request, program)
    key = _stamp(years, "pdf", program)
    pdf = cache_call("get", key)
    if not isinstance(pdf, bytes):
        context = {**_context(years), "program": program, "issued": timezone.localdate()}
        context["hours_chart"] = charts.solid_fills(context["hours_chart"])
        html = render_to_string("reports/report_pdf.html", context)
        pdf = html_to_pdf(html)
        cache_call("set", key, pdf, timeout=_timeout(years))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(f"{program.program_name} {years[-1].label} report.pdf")
    return response


@coordinator_required
def report_csv(request):
    """The report's figures as CSV: one row per figure, a column per year, as the page shows them."""
    program = program_shown()
    years, _ = _chosen(request, program)
    header, rows = exports.figure_rows(years)
    return csv_response(f"report-{years[0].year}-{years[-1].year}.csv", header, rows)
