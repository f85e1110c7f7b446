"""Charts drawn on the server as SVG: no script needed, each bar and point titled, patterns besides colours."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.html import escape

WIDTH, HEIGHT = 640, 240
# LEFT holds "100%" at the phone's larger axis font; BOTTOM two rows: the months, and under them the year.
LEFT, RIGHT, TOP, BOTTOM = 64, 10, 12, 48
COLOURS = ["#1f4e79", "#5b9bd5", "#70ad47", "#ed7d31", "#7f7f7f"]
PATTERNS = ["solid", "diagonal", "dots", "cross", "vertical"]


def pattern_defs() -> str:
    """The fills every chart on a page refers to; put once on the page."""
    return (
        '<svg width="0" height="0" aria-hidden="true" focusable="false" class="chart-defs" '
        f'xmlns="http://www.w3.org/2000/svg">{_defs()}</svg>'
    )


def _defs() -> str:
    shapes = {
        "diagonal": '<path d="M0,6 L6,0" stroke="#fff" stroke-width="1.5"/>',
        "dots": '<circle cx="3" cy="3" r="1.3" fill="#fff"/>',
        "cross": '<path d="M0,3 H6 M3,0 V6" stroke="#fff" stroke-width="1.2"/>',
        "vertical": '<path d="M3,0 V6" stroke="#fff" stroke-width="1.5"/>',
    }
    parts = []
    for i, (colour, kind) in enumerate(zip(COLOURS, PATTERNS, strict=False)):
        inner = shapes.get(kind, "")
        parts.append(
            f'<pattern id="p{i}" width="6" height="6" patternUnits="userSpaceOnUse">'
            f'<rect width="6" height="6" fill="{colour}"/>{inner}</pattern>'
        )
    return "<defs>" + "".join(parts) + "</defs>"


def fill(i: int) -> str:
    return f"url(#p{i % len(COLOURS)})"


def _frame(title_id: str, label: str, body: str, top_value: float, unit: str, months: list[date]) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    axis = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#888"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">{_number(top_value)}{unit}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    step = plot_w / max(len(months), 1)
    for i, m in enumerate(months):
        x = LEFT + step * i + step / 2
        axis.append(f'<text x="{x:.1f}" y="{HEIGHT - 26}" text-anchor="middle" font-size="11">{m:%b}</text>')
        if i == 0 or m.month == 1:
            # The year under the first month and under each January: "Dec" then "Jan" reads as two years.
            axis.append(
                f'<text x="{x:.1f}" y="{HEIGHT - 4}" text-anchor="middle" font-size="11" class="chart-year">'
                f"{m:%Y}</text>"
            )
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="{title_id}" '
        f'xmlns="http://www.w3.org/2000/svg" class="chart">'
        f'<title id="{title_id}">{escape(label)}</title>{"".join(axis)}{body}</svg>'
    )


def _number(value) -> str:
    value = float(value)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def stacked_bars(
    title_id: str, label: str, months: list[date], series: list[str], values: list[list[Decimal]], unit: str = " h"
) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    totals = [float(sum(v, Decimal("0"))) for v in values]
    top = max([*totals, 1.0])
    step = plot_w / max(len(months), 1)
    bars = []
    for i, (month, row) in enumerate(zip(months, values, strict=True)):
        y: float = TOP + plot_h
        for j, value in enumerate(row):
            height = float(value) / top * plot_h
            if height <= 0:
                continue
            y -= height
            bars.append(
                f'<rect x="{LEFT + step * i + step * 0.15:.1f}" y="{y:.1f}" '
                f'width="{step * 0.7:.1f}" height="{height:.1f}" '
                f'fill="{fill(j)}" stroke="#fff" stroke-width="0.5" data-value="{value}">'
                f"<title>{month:%B %Y}, {escape(series[j])}: {_number(value)}{unit}</title></rect>"
            )
    return _frame(title_id, label, "".join(bars), top, unit, months)


def line(
    title_id: str, label: str, months: list[date], values: list[float | None], unit: str = "", top: float | None = None
) -> str:
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    known = [v for v in values if v is not None]
    top = top or max([*known, 1])
    step = plot_w / max(len(months), 1)
    points, marks = [], []
    for i, (month, value) in enumerate(zip(months, values, strict=True)):
        if value is None:
            continue
        x, y = LEFT + step * i + step / 2, TOP + plot_h - float(value) / top * plot_h
        points.append(f"{x:.1f},{y:.1f}")
        marks.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#1f4e79" data-value="{value}">'
            f"<title>{month:%B %Y}: {_number(value)}{unit}</title></circle>"
        )
    path = f'<polyline points="{" ".join(points)}" fill="none" stroke="#1f4e79" stroke-width="2"/>' if points else ""
    return _frame(title_id, label, path + "".join(marks), top, unit, months)


def legend(series: list[str]) -> str:
    items = "".join(
        f'<li class="d-inline-flex align-items-center me-3"><svg width="14" height="14" aria-hidden="true" '
        f'xmlns="http://www.w3.org/2000/svg"><rect width="14" height="14" fill="{fill(i)}"/></svg>'
        f'<span class="ms-1">{escape(name)}</span></li>'
        for i, name in enumerate(series)
    )
    return f'<ul class="list-unstyled small mb-1">{items}</ul>'


DASHES = ["", "6 4", "2 3", "8 3 2 3"]


def steps(
    title_id: str, label: str, labels: list[str], series: list[tuple[str, list[float | None]]], unit: str = "%"
) -> str:
    """Step lines (a survival curve) of percentages over ``labels``, one line per series, told apart by
    colour and dash, each point titled with its series, label and value."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(labels) - 1, 1)
    axis = [
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" stroke="#888"/>',
        f'<text x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end" font-size="11">100{unit}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h / 2 + 4:.1f}" text-anchor="end" font-size="11">50{unit}</text>',
        f'<text x="{LEFT - 6}" y="{TOP + plot_h}" text-anchor="end" font-size="11">0</text>',
    ]
    for i, text in enumerate(labels):
        x = LEFT + step * i
        axis.append(f'<text x="{x:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11">{escape(text)}</text>')
    body = []
    for s, (name, values) in enumerate(series):
        colour, dash = COLOURS[s % len(COLOURS)], DASHES[s % len(DASHES)]
        points, marks = [], []
        previous_y = None
        for i, (text, value) in enumerate(zip(labels, values, strict=False)):
            if value is None:
                continue
            x, y = LEFT + step * i, TOP + plot_h - float(value) / 100 * plot_h
            if previous_y is not None:
                points.append(f"{x:.1f},{previous_y:.1f}")
            points.append(f"{x:.1f},{y:.1f}")
            previous_y = y
            marks.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
                f"<title>{escape(name)}, {escape(text)}: {_number(value)}{unit}</title></circle>"
            )
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        if points:
            body.append(
                f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
            )
        body.extend(marks)
    return (
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-labelledby="{title_id}" '
        f'xmlns="http://www.w3.org/2000/svg" class="chart">'
        f'<title id="{title_id}">{escape(label)}</title>{"".join(axis)}{"".join(body)}</svg>'
    )


def line_legend(series: list[str]) -> str:
    """The legend of ``steps``: each series' colour and dash."""
    items = []
    for i, name in enumerate(series):
        dash = DASHES[i % len(DASHES)]
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        items.append(
            f'<li class="d-inline-flex align-items-center me-3"><svg width="28" height="10" aria-hidden="true" '
            f'xmlns="http://www.w3.org/2000/svg"><line x1="0" y1="5" x2="28" y2="5" '
            f'stroke="{COLOURS[i % len(COLOURS)]}" stroke-width="2"{dashes}/></svg>'
            f'<span class="ms-1">{escape(name)}</span></li>'
        )
    return f'<ul class="list-unstyled small mb-1">{"".join(items)}</ul>'


def solid_fills(svg: str) -> str:
    """``svg`` with each pattern fill replaced by its plain colour: for a PDF, where one drawing cannot
    refer to another's patterns."""
    for i, colour in enumerate(COLOURS):
        svg = svg.replace(f"url(#p{i})", colour)
    return svg
