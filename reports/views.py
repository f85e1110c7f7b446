"""The program year for the board (R1, R2): the page, its PDF and its CSV, for coordinators only."""

from __future__ import annotations

from datetime import UTC, datetime

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
from .figures import VERSION, YearFigures
from .forms import ReportForm
from .models import BoardPdf, BoardPdfStatus
from .selectors import CURRENT_SECONDS, FINAL_SECONDS, figures_for, first_year_key, stamp_key, years_available
from .years import current_year


def _chosen_years(request, program: ProgramSettings, data=None, first=None) -> tuple[int, int, ReportForm]:
    """The first and last of the years the request asks for, or last year and this year; the picker."""
    data = request.GET if data is None else data
    available = years_available(program, first=first)
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
    return since, year, form


def _chosen(request, program: ProgramSettings, data=None) -> tuple[list[YearFigures], ReportForm]:
    """The figures of the years the request asks for (the chosen one last)."""
    since, year, form = _chosen_years(request, program, data)
    return [figures_for(y, program=program) for y in range(since, year + 1)], form


def _timeout(years: list[YearFigures]) -> int:
    return FINAL_SECONDS if all(y.final for y in years) else CURRENT_SECONDS


def _asked(request, program: ProgramSettings) -> tuple[int, int]:
    """The years the request names, unchecked (read before the check so one round trip fetches it all)."""
    this_year = current_year(program)
    try:
        year = int(request.GET.get("year", this_year))
        since = int(request.GET.get("since", year - 1))
    except ValueError:
        return this_year - 1, this_year
    return (since, year) if 0 <= year - since <= 20 else (this_year - 1, this_year)


def _page_key(program: ProgramSettings, since: int, year: int) -> str:
    return f"reports:page:v{VERSION}:{program.year_start_month}:{since}:{year}"


def _kept(program: ProgramSettings, since: int, year: int) -> dict:
    """In one round trip: the first year, the drawn page of these years and the times of their figures."""
    keys = [first_year_key(program), _page_key(program, since, year)]
    keys += [stamp_key(y, program) for y in range(since, year + 1)]
    return cache_call("get_many", keys) or {}


@coordinator_required
def report(request):
    """The figures of a program year beside earlier years. Served from copies in two round trips to the
    cache: the drawn body of these years is kept with the times of the figures it was drawn from, and is
    used while those are the times kept beside the years' figures (``selectors.stamp_key``); otherwise
    the figures are read (or computed) and the body drawn again."""
    program = program_shown()
    since, year = _asked(request, program)
    kept = _kept(program, since, year)
    asked = (since, year)
    since, year, form = _chosen_years(request, program, first=kept.get(first_year_key(program)))
    if (since, year) != asked:
        kept = _kept(program, since, year)
    run = range(since, year + 1)
    page_key = _page_key(program, since, year)
    stamps = [kept.get(stamp_key(y, program)) for y in run]
    page = kept.get(page_key)
    if None in stamps or not isinstance(page, tuple) or page[0] != (stamps, program.program_name):
        years = [figures_for(y, program=program) for y in run]
        if None in stamps:  # kept figures whose time went missing: keep it again
            for y in years:
                cache_call("set", stamp_key(y.year, program), y.computed_at.timestamp(), timeout=_timeout([y]))
        stamps = [y.computed_at.timestamp() for y in years]
        page = ((stamps, program.program_name), render_to_string("reports/_figures.html", tables.report_context(years)))
        cache_call("set", page_key, page, timeout=_timeout(years))
    latest = datetime.fromtimestamp(max(float(stamp or 0) for stamp in stamps), tz=UTC)
    board_pdf = BoardPdf.objects.filter(first_year=since, last_year=year, start_month=program.year_start_month).first()
    return render(
        request,
        "reports/report.html",
        {
            "form": form,
            "body": page[1],
            "since": since,
            "year": year,
            "label": program.year_label(year),
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
