"""Match survival (R1): the share of partnerships still going after each month since they started.

Kaplan and Meier's product-limit estimate. Each partnership is followed from its start for whole
months: it either *ends* (the event: closed for any reason but "completed") or leaves the count
still going (*censored*): when it is still active at the end of the time followed, or when it was
closed as completed (it reached its planned end, which is not the failure this curve counts). As
the method says, a censored partnership counts among those at risk up to and including its last
month, and not afterwards; at a month with both, the endings are counted first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Step:
    """One time in the table: those still followed (at risk) just before it, how many ended and how many
    left the count at it, and the estimated share still going after it."""

    time: int
    at_risk: int
    ended: int
    censored: int
    survival: float


def kaplan_meier(observations: list[tuple[int, bool]]) -> list[Step]:
    """The product-limit table of ``observations`` (time, ended?), one step per distinct time seen."""
    times = sorted({t for t, _ in observations})
    at_risk = len(observations)
    survival = 1.0
    steps = []
    for t in times:
        ended = sum(1 for time, e in observations if time == t and e)
        censored = sum(1 for time, e in observations if time == t and not e)
        if at_risk:
            survival *= 1 - ended / at_risk
        steps.append(Step(t, at_risk, ended, censored, survival))
        at_risk -= ended + censored
    return steps


def survival_by_month(observations: list[tuple[int, bool]], months: int) -> list[tuple[int, int, int, float | None]]:
    """(month, at risk at its start, ended in it, share still going after it) for months 0 to ``months``:
    the curve as a chart and table show it. Month 0 is the start (everyone going). The share is None
    once nobody is followed any more."""
    table = {step.time: step for step in kaplan_meier(observations)}
    rows: list[tuple[int, int, int, float | None]] = [(0, len(observations), 0, 1.0 if observations else None)]
    survival = 1.0
    at_risk = len(observations)
    for month in range(1, months + 1):
        # An observation of "m whole months" ended (or was last seen) during month m + 1.
        step = table.get(month - 1)
        if step is not None:
            survival = step.survival
            ended, leaving = step.ended, step.censored
        else:
            ended, leaving = 0, 0
        rows.append((month, at_risk, ended, survival if at_risk else None))
        at_risk -= ended + leaving
    return rows


def whole_months(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 in the first month; 1 from the same day a month later)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)
