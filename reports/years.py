"""Program years: a year is named by the calendar year it starts in, and starts on the first day of the
settings' start month, at midnight in the program's time zone (``TIME_ZONE``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from checkins import dates
from profiles.models import ProgramSettings

# A year's figures are final this long after it ends: the last month's check-ins have closed by then.
FINAL_AFTER = timedelta(days=45)


@dataclass(frozen=True)
class Year:
    year: int
    label: str
    start: date  # its first day
    end: date  # the first day of the next year (excluded)

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, datetime.min.time()))

    @property
    def end_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end, datetime.min.time()))

    @property
    def months(self) -> list[date]:
        """Its twelve months, by their first days."""
        found, month = [], self.start
        while month < self.end:
            found.append(month)
            month = dates.next_month(month)
        return found

    def until(self, now: datetime) -> datetime:
        """The year's end, or ``now`` while it runs: how far its partnerships are followed."""
        return min(self.end_at, now)

    def is_final(self, now: datetime) -> bool:
        return now >= self.end_at + FINAL_AFTER


def program_year(year: int, program: ProgramSettings) -> Year:
    month = program.year_start_month
    return Year(year, program.year_label(year), date(year, month, 1), date(year + 1, month, 1))


def current_year(program: ProgramSettings, today: date | None = None) -> int:
    return program.year_of(today or timezone.localdate())
