"""The report's figures as CSV rows: the cells the page and the PDF print (small cells hidden alike)."""

from __future__ import annotations

from collections.abc import Iterator

from . import tables
from .figures import YearFigures


def figure_rows(years: list[YearFigures]) -> tuple[list[str], Iterator[list]]:
    chosen = years[-1]
    change = [f"Change {years[-2].label} to {chosen.label}"] if len(years) > 1 else []
    header = ["Section", "Figure", *[y.label for y in years], *change]

    def generate():
        for section in tables.figure_sections(years):
            for row in section.rows:
                yield [section.title, row.label, *row.cells, *([row.change] if change else [])]
        for months, shares in tables.survival_rows(years):
            pad = [""] if change else []
            yield ["Survival", f"Still going after {months} months", *[share for share, _ in shares], *pad]
            yield ["Survival", f"Followed at the start of month {months + 1}", *[n for _, n in shares], *pad]
        blank = [""] * (len(years) - 1) + ([""] if change else [])
        for month, rate, hours, total in tables.month_rows(chosen):
            yield [f"Month by month, {chosen.label}", f"{month:%B %Y}: check-ins answered", rate, *blank]
            for label, value in zip(tables.HOURS_HEADERS, hours, strict=True):
                yield [f"Month by month, {chosen.label}", f"{month:%B %Y}: hours, {label.lower()}", value, *blank]
            yield [f"Month by month, {chosen.label}", f"{month:%B %Y}: hours in total", total, *blank]
        for title, rows in tables.breakdown_tables(chosen):
            for label, cells in rows:
                for column, cell in zip(tables.BREAKDOWN_HEADERS, cells, strict=True):
                    yield [f"{title}, {chosen.label}", f"{label}: {column.lower()}", cell, *blank]

    return header, generate()
