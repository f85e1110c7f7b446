"""The dashboard's figures: computed from every profile, match and recent check-in, so kept as a snapshot.

Computing them reads the whole program (``selectors.glance`` and the charts: about 60 ms at 10,000 people
and 170 ms at 50,000, bench/README.md), so the page reads a kept snapshot instead, one row of ``DashboardFigures``. Two
entry points:

- ``snapshot_refresh()`` computes the figures, renders them and keeps them. Beat runs it every minute
  (``dashboard-snapshot`` in ``CELERY_BEAT_SCHEDULE``); nothing else does. No service has to tell the
  dashboard that something changed.
- ``figures_for(own_change_at=...)`` gives the figures for one coordinator: the kept snapshot when it
  began reading after their own last change (``own_change_at``, kept in their session by
  ``middleware.OwnChangesMiddleware``) and is younger than ``MAX_AGE``; otherwise the figures computed
  now, not kept (a page view never writes).

So other people's changes (participants', other coordinators') reach the page within a minute, and a
coordinator's own change at once. ``MAX_AGE`` is three beats: an older snapshot means beat or the workers
are down, and the page computes live rather than show figures that stopped moving. Without beat
(development, ``CELERY_TASK_ALWAYS_EAGER``, the tests) no snapshot is ever kept, and every view computes
live.

The page reads the row itself, not a copy in the cache: measured at 50,000 people, a copy saved about
0.4 ms of a 7 ms page (bench/README.md), not worth a second place to keep it.

Alerts that must follow the coordinator's own actions (urgent concerns, failed and delayed e-mails, the
scheduler's heartbeat) are not in the snapshot: the page reads them at each view.
"""

from __future__ import annotations

from datetime import timedelta

from django.template.loader import render_to_string
from django.utils import timezone

from checkins import selectors as checkins
from checkins.models import HOURS_FIELDS

from . import charts, selectors
from .models import DashboardFigures

MAX_AGE = timedelta(minutes=3)  # beat refreshes every minute; older means beat or the workers are down
OWN_CHANGE_KEY = "dashboard.own_change_at"  # in the session: when this coordinator last changed something
PARTS = ("cards", "hours", "risk", "charts")
SNAPSHOT_PK = 1


def _context() -> dict:
    months = selectors.last_months()  # hours are reported the month after they are spent
    recent = selectors.last_months(include_current=True)
    hours = checkins.hours_by_month(months)
    rates = checkins.response_rate_by_month(recent)
    active = selectors.active_matches_by_month(recent)
    series = [hours.label for hours in HOURS_FIELDS]
    return {
        "glance": selectors.glance(),
        "months": months,
        "series": series,
        "hours_rows": [(m, values, sum(values)) for m, values in hours],
        "rates": rates,
        "active": active,
        "legend": charts.legend(series),
        "hours_chart": charts.stacked_bars(
            "hours-chart-title",
            "Hours per month by form of contact, last 12 months",
            months,
            series,
            [values for _, values in hours],
        ),
        "rate_chart": charts.line(
            "rate-chart-title",
            "Check-in response rate by month, last 12 months",
            recent,
            [r for _, r in rates],
            unit="%",
            top=100,
        ),
        "active_chart": charts.line(
            "active-chart-title", "Active matches at the end of each month", recent, [n for _, n in active]
        ),
    }


def _compute() -> DashboardFigures:
    """The figures computed now and rendered, not kept. ``computed_at`` is taken before the first read:
    every change committed before it is counted."""
    computed_at = timezone.now()
    context = _context()
    parts = {name: render_to_string(f"dashboard/figures/{name}.html", context) for name in PARTS}
    return DashboardFigures(pk=SNAPSHOT_PK, computed_at=computed_at, parts=parts)


def snapshot_refresh() -> DashboardFigures:
    """Compute the figures and keep them as the snapshot, in one statement (insert, or replace the row).
    Idempotent: beat runs it every minute (``dashboard.tasks.snapshot_refresh_task``)."""
    snapshot = _compute()
    DashboardFigures.objects.bulk_create(
        [snapshot], update_conflicts=True, unique_fields=["id"], update_fields=["computed_at", "parts"]
    )
    return snapshot


def figures_for(*, own_change_at: float | None) -> DashboardFigures:
    """The figures for a coordinator whose last change was at ``own_change_at`` (a Unix time, or None):
    the kept snapshot when it began reading after that change and is younger than ``MAX_AGE``, else the
    figures computed now (and not kept: a page view never writes)."""
    kept = DashboardFigures.objects.filter(pk=SNAPSHOT_PK).first()
    if (
        kept is not None
        and timezone.now() - kept.computed_at <= MAX_AGE
        and (own_change_at is None or kept.computed_at.timestamp() > own_change_at)
        and set(PARTS) <= set(kept.parts)
    ):
        return kept
    return _compute()
