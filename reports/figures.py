"""A program year's figures (R1), gathered from the selectors of the apps that own each idea.

Nothing is counted here: each family of figures is one call to its owner (a query or two, whatever the
program's size), and this module only puts them in order, works out medians, rates and the survival
curve from the rows they answer, and says which cells are too small to show.

Small cells: a figure about one to four people shows "fewer than 5" (``Value.shown``), in the page,
the PDF and the CSV alike: each of them prints ``Value.shown``. A rate, average or median is about the
people it is taken over, so it is hidden when they are fewer than five; a rate also when what it counts
is (one to four would be told by the rate).
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from checkins.models import HOURS_FIELDS
from checkins.selectors import hours_by_month, response_counts_by_month
from endings.selectors import closures_in, nominations_in, survey_answers_in, thanks_in
from matches.models import CloseReason
from matches.selectors import CLOSERS, active_at, closed_by_in, mentors_returning, started_in
from matches.survival import survival_by_month, whole_months
from meetings.selectors import held_between
from plans.selectors import plan_figures_in
from profiles.models import MenteeCategory, ProgramSettings, Role, Status
from profiles.selectors import applications_in

from .years import program_year

SMALL = 5  # cells about fewer people than this are not shown
SUPPRESSED = "fewer than 5"
SURVIVAL_MONTHS = 12
VERSION = 1  # of the figures' shape: a change makes every kept copy stale


@dataclass(frozen=True)
class Value:
    """One cell: a number (None: nothing to measure), the people it is about, and its unit."""

    number: int | float | Decimal | None
    people: int | None = None  # None: a count of people, so the number itself
    unit: str = ""  # "", "%", "days", "months", "hours"
    note: str = ""  # shown instead of a dash when there is no number

    @property
    def about(self) -> int | None:
        if self.people is not None:
            return self.people
        return int(self.number) if isinstance(self.number, int) else None

    @property
    def suppressed(self) -> bool:
        about = self.about
        return about is not None and 0 < about < SMALL

    @property
    def shown(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.number is None:
            return self.note or "–"
        return _format(self.number, self.unit)

    def change_from(self, before: Value | None) -> str:
        """The change from ``before`` as the page prints it; empty when either is hidden or missing."""
        if before is None or self.suppressed or before.suppressed or self.number is None or before.number is None:
            return ""
        difference = Decimal(str(self.number)) - Decimal(str(before.number))
        if difference == 0:
            return "no change"
        unit = {"%": " points", "": ""}.get(self.unit, f" {self.unit}")
        sign = "+" if difference > 0 else "−"
        return f"{sign}{_number(abs(difference))}{unit}"


def _number(value) -> str:
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def _format(number, unit: str) -> str:
    if unit == "%":
        return f"{_number(number)}%"
    return f"{_number(number)} {unit}".strip()


# The figures, in the order the page, the PDF and the CSV give them: (section, key, label).
SECTIONS = [
    ("applications", "Applications"),
    ("matching", "Matching"),
    ("closures", "Closures and match length"),
    ("contact", "Check-ins, hours and meetings"),
    ("plans", "Action plans"),
    ("surveys", "Closing surveys"),
    ("recognition", "Thanks and nominations"),
]
CLOSE_REASONS = [(r.value, r.label) for r in CloseReason]
FIGURES: list[tuple[str, str, str]] = [
    ("applications", "applications_mentor", "Mentor applications received"),
    ("applications", "applications_mentee", "Mentee applications received"),
    ("applications", "approved", "Approved"),
    ("applications", "declined", "Declined"),
    ("applications", "waitlisted", "Wait-listed"),
    ("applications", "pending", "Not yet reviewed"),
    ("matching", "days_to_match", "Median days from approval to a first match"),
    ("matching", "started", "Partnerships started"),
    ("matching", "active_at_end", "Partnerships going at the year's end (or now)"),
    ("matching", "rematches", "Re-matches (a mentee's next partnership)"),
    ("matching", "days_to_rematch", "Median days from a close to the re-match"),
    ("matching", "mentors_returning", "Mentors returning from the previous year"),
    ("closures", "closed", "Partnerships closed"),
    *[("closures", f"closed_{value}", f"Closed: {label.lower()}") for value, label in CLOSE_REASONS],
    *[("closures", f"closed_by_{key}", f"Closed by: {label.lower()}") for key, label in CLOSERS.items()],
    ("closures", "early", "Early closures (before the agreed minimum length)"),
    ("closures", "early_rate", "Early closures, share of all closures"),
    *[("closures", f"early_{value}", f"Early closures: {label.lower()}") for value, label in CLOSE_REASONS],
    ("closures", "median_length", "Median length of the partnerships closed"),
    ("closures", "survival_6", "Still going 6 months after they started (survival)"),
    ("contact", "response_rate", "Check-ins answered"),
    *[("contact", f"hours_{hours.form}", f"Hours reported: {hours.label.lower()}") for hours in HOURS_FIELDS],
    ("contact", "hours_total", "Hours reported in total"),
    ("contact", "meetings_held", "Meetings held"),
    ("plans", "plans_started", "Action plans started"),
    ("plans", "goals_with_progress", "Short-term goals with an action done"),
    ("plans", "actions_done", "Actions done"),
    ("surveys", "surveys_answered", "Closing surveys answered"),
    ("surveys", "rating", "Average rating, 1 to 5"),
    ("surveys", "rating_mentor", "Average rating by mentors"),
    ("surveys", "rating_mentee", "Average rating by mentees"),
    ("surveys", "again_rate", "Would take part again"),
    ("recognition", "thanks", "Thank-you notes"),
    ("recognition", "nominations", "Award nominations"),
]
LABELS = {key: label for _, key, label in FIGURES}
# The headline figures of the PDF's summary page.
HEADLINES = [
    "applications_mentee",
    "applications_mentor",
    "started",
    "active_at_end",
    "early_rate",
    "median_length",
    "survival_6",
    "response_rate",
    "hours_total",
    "again_rate",
]
BREAKDOWN_COLUMNS = [
    ("started", "Started"),
    ("closed", "Closed"),
    ("early", "Early closures"),
    ("early_rate", "Early, share of closures"),
    ("survival_6", "Still going after 6 months"),
    ("rating", "Survey rating"),
    ("again_rate", "Would take part again"),
]


@dataclass
class YearFigures:
    year: int
    label: str
    computed_at: datetime
    final: bool
    values: dict[str, Value]
    survival: list[tuple[int, int, int, float | None]]  # (month, at risk, ended, share going)
    months: list[tuple[date, Value, list[Decimal]]]  # (month, response rate, hours by form)
    breakdowns: dict[str, list[tuple[str, dict[str, Value]]]] = field(default_factory=dict)
    version: int = VERSION

    def get(self, key: str) -> Value | None:
        return self.values.get(key)


def _median(numbers: list) -> float | None:
    return statistics.median(numbers) if numbers else None


def _rate(part: int, whole: int) -> Value:
    """``part`` as a percentage of ``whole``: hidden when either is about one to four people (a rate of
    a few would tell how many)."""
    people = part if 0 < part < SMALL else whole
    return Value(round(100 * part / whole) if whole else None, people=people, unit="%")


def _average(numbers: list[int]) -> Value:
    return Value(round(statistics.fmean(numbers), 1) if numbers else None, people=len(numbers))


def _survival_after(observations: list[tuple[int, bool]], month: int) -> Value:
    rows = survival_by_month(observations, month)
    share = rows[-1][3] if rows else None
    return Value(None if share is None else round(100 * share), people=len(observations), unit="%")


def _observations(started, until: datetime) -> list[tuple[int, bool]]:
    """(whole months followed, ended?) of each partnership: see ``matches.survival``."""
    found = []
    for s in started:
        begun = timezone.localdate(s.started_at)
        if s.closed_at is not None and s.closed_at < until:
            found.append(
                (whole_months(begun, timezone.localdate(s.closed_at)), s.close_reason != CloseReason.COMPLETED)
            )
        else:
            found.append((whole_months(begun, timezone.localdate(until)), False))
    return found


def _groups(rows: Iterable, attribute: str) -> dict[str, list]:
    grouped: dict[str, list] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute) or ""].append(row)
    return grouped


def year_figures(year: int, *, program: ProgramSettings | None = None, now: datetime | None = None) -> YearFigures:
    """Every figure of program year ``year`` as the program's data say now: about twenty queries, each
    an aggregate or a list of the year's partnerships (never one per person or match)."""
    program = program or ProgramSettings.load()
    now = now or timezone.now()
    period = program_year(year, program)
    previous = program_year(year - 1, program)
    until = period.until(now)
    values: dict[str, Value] = {}

    applications = applications_in(period.start_at, period.end_at)
    for role in Role.values:
        values[f"applications_{role}"] = Value(applications[role]["received"])
    for status in (Status.APPROVED, Status.DECLINED, Status.WAITLISTED, Status.PENDING):
        values[status.value] = Value(sum(applications[role][status.value] for role in Role.values))

    started = started_in(period.start_at, period.end_at)
    first = [s.started_at - s.approved_at for s in started if s.previous_closed_at is None and s.approved_at]
    again = [s.started_at - s.previous_closed_at for s in started if s.previous_closed_at is not None]
    values["days_to_match"] = Value(_median([max(waited.days, 0) for waited in first]), people=len(first), unit="days")
    values["started"] = Value(len(started))
    values["active_at_end"] = Value(active_at(until))
    values["rematches"] = Value(len(again))
    values["days_to_rematch"] = Value(
        _median([max(waited.days, 0) for waited in again]), people=len(again), unit="days"
    )
    values["mentors_returning"] = Value(mentors_returning(previous.start_at, period.start_at, period.end_at))

    closures = closures_in(period.start_at, period.end_at)
    early = [c for c in closures if c.early]
    values["closed"] = Value(len(closures))
    reasons, early_reasons = Counter(c.close_reason for c in closures), Counter(c.close_reason for c in early)
    for value, _ in CLOSE_REASONS:
        values[f"closed_{value}"] = Value(reasons[value])
        values[f"early_{value}"] = Value(early_reasons[value])
    for key, count in closed_by_in(period.start_at, period.end_at).items():
        values[f"closed_by_{key}"] = Value(count)
    values["early"] = Value(len(early))
    values["early_rate"] = _rate(len(early), len(closures))
    values["median_length"] = Value(_median([c.months for c in closures]), people=len(closures), unit="months")
    observations = _observations(started, until)
    values["survival_6"] = _survival_after(observations, 6)

    counts = response_counts_by_month(period.months)
    answered, total = sum(a for a, _ in counts.values()), sum(t for _, t in counts.values())
    values["response_rate"] = _rate(answered, total)
    hours = hours_by_month(period.months)
    for i, spec in enumerate(HOURS_FIELDS):
        values[f"hours_{spec.form}"] = Value(sum((h[i] for _, h in hours), Decimal("0")), people=0, unit="hours")
    values["hours_total"] = Value(sum((sum(h, Decimal("0")) for _, h in hours), Decimal("0")), people=0, unit="hours")
    values["meetings_held"] = Value(held_between(period.start, period.end - timedelta(days=1)), people=0)

    for key, count in plan_figures_in(period.start_at, period.end_at, period.start, period.end).items():
        values[key] = Value(count)

    surveys = survey_answers_in(year)
    values["surveys_answered"] = Value(len(surveys))
    values["rating"] = _average([s.rating for s in surveys if s.rating is not None])
    values["rating_mentor"] = _average([s.rating for s in surveys if s.role == Role.MENTOR and s.rating is not None])
    values["rating_mentee"] = _average([s.rating for s in surveys if s.role == Role.MENTEE and s.rating is not None])
    asked = [s.again for s in surveys if s.again is not None]
    values["again_rate"] = _rate(sum(asked), len(asked))

    values["thanks"] = Value(thanks_in(period.start_at, period.end_at))
    values["nominations"] = Value(nominations_in(year))

    months = [
        (month, _rate(*counts[month]) if month in counts else Value(None, people=0, unit="%"), hours_of)
        for (month, hours_of) in hours
    ]
    breakdowns = {
        "category": _breakdown(
            [(c.value, c.label) for c in MenteeCategory], started, closures, surveys, "category", until
        ),
        "discipline": _breakdown(None, started, closures, surveys, "discipline", until),
    }
    return YearFigures(
        year=year,
        label=period.label,
        computed_at=now,
        final=period.is_final(now),
        values=values,
        survival=survival_by_month(observations, SURVIVAL_MONTHS),
        months=months,
        breakdowns=breakdowns,
    )


def _breakdown(groups, started, closures, surveys, attribute: str, until: datetime):
    """Rows of (group, {column: value}) by the mentee's ``attribute``: categories in their order, or the
    disciplines seen, by name."""
    by_started, by_closed, by_survey = (_groups(rows, attribute) for rows in (started, closures, surveys))
    if groups is None:
        names = sorted(set(by_started) | set(by_closed) | set(by_survey), key=str.casefold)
        groups = [(name, name or "Not given") for name in names]
    rows = []
    for value, label in groups:
        closed, group_surveys = by_closed.get(value, []), by_survey.get(value, [])
        early = sum(1 for c in closed if c.early)
        asked = [s.again for s in group_surveys if s.again is not None]
        rows.append(
            (
                label,
                {
                    "started": Value(len(by_started.get(value, []))),
                    "closed": Value(len(closed)),
                    "early": Value(early),
                    "early_rate": _rate(early, len(closed)),
                    "survival_6": _survival_after(_observations(by_started.get(value, []), until), 6),
                    "rating": _average([s.rating for s in group_surveys if s.rating is not None]),
                    "again_rate": _rate(sum(asked), len(asked)),
                },
            )
        )
    return rows
