"""The report as tables: the same rows for the page, the PDF and the CSV, so their numbers agree."""

from __future__ import annotations

from dataclasses import dataclass

from checkins.models import HOURS_FIELDS
from core import charts

from .figures import BREAKDOWN_COLUMNS, FIGURES, HEADLINES, LABELS, SECTIONS, SUPPRESSED, Value, YearFigures


@dataclass
class Row:
    key: str
    label: str
    cells: list[str]  # one per year, oldest first
    change: str  # the last year's change from the one before


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]


def figure_sections(years: list[YearFigures]) -> list[Section]:
    sections = []
    for key, title in SECTIONS:
        rows = []
        for section, figure, label in FIGURES:
            if section != key:
                continue
            values = [y.values.get(figure, Value(None)) for y in years]
            change = values[-1].change_from(values[-2]) if len(values) > 1 else ""
            rows.append(Row(figure, label, [v.shown for v in values], change))
        sections.append(Section(key, title, rows))
    return sections


def headlines(years: list[YearFigures]) -> list[Row]:
    """The summary's figures: the year before (when shown), the chosen year, the change."""
    last, before = years[-1], years[-2] if len(years) > 1 else None
    rows = []
    for key in HEADLINES:
        value = last.values[key]
        earlier = before.values.get(key) if before else None
        cells = [earlier.shown if earlier else "–", value.shown] if before else [value.shown]
        rows.append(Row(key, LABELS[key], cells, value.change_from(earlier) if before else ""))
    return rows


def survival_rows(years: list[YearFigures]) -> list[tuple[int, list[tuple[str, str]]]]:
    """(month, [(share going, at risk) per year]): a share about fewer than five followed is hidden."""
    rows = []
    for month in range(len(years[0].survival)):
        cells = []
        for y in years:
            _, at_risk, _, share = y.survival[month]
            if 0 < at_risk < 5:
                cells.append((SUPPRESSED, SUPPRESSED))
            else:
                cells.append(("–" if share is None else f"{round(100 * share)}%", f"{at_risk:,}"))
        rows.append((month, cells))
    return rows


def survival_chart(years: list[YearFigures], title_id: str = "survival-title") -> str:
    series = []
    for y in years:
        values = [
            None if share is None or 0 < at_risk < 5 else round(100 * share, 1) for _, at_risk, _, share in y.survival
        ]
        series.append((f"Started in {y.label}", values))
    labels = [str(month) for month, *_ in years[0].survival]
    return charts.steps(
        title_id,
        "Share of partnerships still going, by months since they started, for each year's new partnerships",
        labels,
        series,
    ) + charts.line_legend([name for name, _ in series])


def month_rows(figures: YearFigures) -> list[tuple[object, str, list[str], str]]:
    """(month, response rate, hours by form, total hours) of the year."""
    return [
        (month, rate.shown, [f"{h:,.2f}" for h in hours], f"{sum(hours):,.2f}") for month, rate, hours in figures.months
    ]


def hours_chart(figures: YearFigures, title_id: str = "hours-title") -> str:
    months = [month for month, _, _ in figures.months]
    return charts.stacked_bars(
        title_id,
        f"Hours reported each month of {figures.label}, by form of contact",
        months,
        [h.label for h in HOURS_FIELDS],
        [hours for _, _, hours in figures.months],
    ) + charts.legend([h.label for h in HOURS_FIELDS])


def response_chart(figures: YearFigures, title_id: str = "response-title") -> str:
    months = [month for month, _, _ in figures.months]
    values = [None if rate.suppressed or rate.number is None else float(rate.number) for _, rate, _ in figures.months]
    return charts.line(title_id, f"Check-ins answered each month of {figures.label}", months, values, unit="%", top=100)


def breakdown_tables(figures: YearFigures) -> list[tuple[str, list[tuple[str, list[str]]]]]:
    titles = {"category": "By mentee category", "discipline": "By discipline"}
    return [
        (titles[name], [(label, [cells[key].shown for key, _ in BREAKDOWN_COLUMNS]) for label, cells in rows])
        for name, rows in figures.breakdowns.items()
    ]


BREAKDOWN_HEADERS = [title for _, title in BREAKDOWN_COLUMNS]
HOURS_HEADERS = [h.label for h in HOURS_FIELDS]


def report_context(years: list[YearFigures]) -> dict:
    """What the page's body and the PDF draw, from the years' figures (the chosen year last)."""
    chosen = years[-1]
    return {
        "years": years,
        "chosen": chosen,
        "previous": years[-2] if len(years) > 1 else None,
        "sections": figure_sections(years),
        "headlines": headlines(years),
        "survival_rows": survival_rows(years),
        "survival_chart": survival_chart(years),
        "month_rows": month_rows(chosen),
        "hours_chart": hours_chart(chosen),
        "response_chart": response_chart(chosen),
        "breakdowns": breakdown_tables(chosen),
        "breakdown_headers": BREAKDOWN_HEADERS,
        "hours_headers": HOURS_HEADERS,
    }
