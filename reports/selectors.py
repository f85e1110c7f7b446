"""Reading the report: a program year's figures, from the copy kept in the cache when there is one.

A year's figures are computed by ``figures.year_figures`` (about twenty aggregate queries). A final year's
(45 days after its end: ``years.FINAL_AFTER``) do not change, so their copy is kept for 30 days; the
running year's for ``CURRENT_SECONDS``, refreshed by beat (``reports-current-year``) before it runs out,
so a coordinator seldom waits for them. The cache only ever holds copies: without it, every view computes.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from core.cache import cache_call
from profiles.models import Profile, ProgramSettings

from .figures import VERSION, YearFigures, year_figures
from .years import current_year

FINAL_SECONDS = 30 * 24 * 3600
CURRENT_SECONDS = 15 * 60
FIRST_YEAR_SECONDS = 3600


def figures_key(year: int, program: ProgramSettings) -> str:
    return f"reports:year:v{VERSION}:{program.year_start_month}:{settings.TIME_ZONE}:{year}"


def figures_for(year: int, *, program: ProgramSettings | None = None, now: datetime | None = None) -> YearFigures:
    """Year ``year``'s figures: the kept copy, or computed now and kept."""
    program = program or ProgramSettings.load()
    key = figures_key(year, program)
    kept = cache_call("get", key)
    if isinstance(kept, YearFigures) and kept.version == VERSION:
        return kept
    return figures_keep(year, program=program, now=now)


def stamp_key(year: int, program: ProgramSettings) -> str:
    """Where the time the kept figures of ``year`` were computed is kept (a number), beside them."""
    return f"{figures_key(year, program)}:at"


def figures_keep(year: int, *, program: ProgramSettings | None = None, now: datetime | None = None) -> YearFigures:
    """Compute year ``year``'s figures and keep a copy (a final year's for 30 days), with their time."""
    program = program or ProgramSettings.load()
    figures = year_figures(year, program=program, now=now)
    kept = {figures_key(year, program): figures, stamp_key(year, program): figures.computed_at.timestamp()}
    cache_call("set_many", kept, timeout=FINAL_SECONDS if figures.final else CURRENT_SECONDS)
    return figures


def first_year_key(program: ProgramSettings) -> str:
    return f"reports:first-year:{program.year_start_month}"


def years_available(program: ProgramSettings, today=None, *, first: int | None = None) -> list[int]:
    """The program years with data, the first application's to this one, latest first. ``first``: the
    first year as read from its copy already, if it was."""
    this_year = current_year(program, today)
    if not isinstance(first, int):
        first = cache_call("get", first_year_key(program))
    if not isinstance(first, int):
        earliest = Profile.objects.aggregate(first=Min("submitted_at"))["first"]
        first = program.year_of(timezone.localdate(earliest)) if earliest else this_year
        cache_call("set", first_year_key(program), first, timeout=FIRST_YEAR_SECONDS)
    return list(range(this_year, min(first, this_year) - 1, -1))
