"""The dashboard's figures, kept as a snapshot so the page costs the same at 500 or 50,000 people.

Computing the figures reads every profile, match and recent check-in (``selectors.glance`` and the
charts: about 90 ms at 10,000 people and 265 ms at 50,000). So they are computed once, rendered, and
kept in ``DashboardFigures`` (one row); the dashboard reads that row.

How fresh it is:

- Any save or delete of a record the figures are made of calls ``figures_changed`` (the signal
  receivers in ``apps.py``; services that change rows in bulk call it through
  ``core.changes.program_changed``). It writes a new change token in the cache, now and again on
  commit, and on commit asks the worker for a refresh a few seconds later (one per burst).
- Celery beat refreshes the snapshot every minute, so figures that move with the date alone
  (at risk, overdue actions, recent closures) follow.
- The snapshot is kept twice: the row, and a copy in the cache (``SNAPSHOT_KEY``) that the dashboard
  reads with the change token in one round trip; the row serves when the copy is gone.
- The dashboard reads the snapshot when it follows the latest change token (and is under
  ``MAX_AGE``: beat or the worker is down). A snapshot that is out of date is still read for
  ``LAG`` after it was computed, unless the coordinator looking has changed something since it began
  (``OwnChangesMiddleware`` keeps the time of their last change in their session). So participants'
  answers reach the page within seconds (the worker refreshes two seconds after a commit; LAG bounds
  it when the worker is slow), while a coordinator's own change shows at once, and a steady stream of
  check-in answers does not make every view compute live.
- Otherwise the dashboard computes the figures live, and does not keep them (a page view never
  writes): the page is only as slow as before until the worker has caught up.
- Without a worker (``CELERY_TASK_ALWAYS_EAGER``: development, the tests) no refresh is queued and
  no snapshot is kept: the dashboard computes live.

Alerts that must follow the coordinator's own actions (urgent concerns, failed e-mails, the
scheduler's heartbeat) are not in the snapshot: the view reads them live, in three small queries.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from checkins import selectors as checkins
from checkins.models import HOURS_FIELDS
from core.cache import cache_call

from . import charts, selectors
from .models import DashboardFigures

logger = logging.getLogger(__name__)

TOKEN_KEY = "dashboard:figures:token"
QUEUED_KEY = "dashboard:figures:queued"
SNAPSHOT_KEY = "dashboard:figures:snapshot"  # a copy of the row, read with the token in one round trip
MAX_AGE = timedelta(minutes=10)  # older than this, the dashboard computes live
LAG = timedelta(seconds=30)  # how long an out-of-date snapshot may serve (never past the viewer's own change)
OWN_CHANGE_KEY = "dashboard.own_change_at"  # in the session: when this coordinator last changed something
REFRESH_DELAY = 2  # seconds: a burst of changes gives one refresh
PARTS = ("cards", "hours", "risk", "charts")
SNAPSHOT_PK = 1


def _new_token() -> None:
    cache_call("set", TOKEN_KEY, uuid.uuid4().hex, timeout=None)


def current_token() -> str | None:
    """The latest change token; a new one when the cache lost it (so the snapshot is recomputed);
    None when the cache does not answer."""
    token = cache_call("get", TOKEN_KEY)
    if token is None:
        if cache_call("add", TOKEN_KEY, uuid.uuid4().hex, timeout=None):
            logger.info("dashboard figures: no change token in the cache, starting a new one")
        token = cache_call("get", TOKEN_KEY)
    return token


def _on_commit() -> None:
    from .tasks import figures_refresh_task

    _new_token()
    if figures_refresh_task.app.conf.task_always_eager:
        return  # no worker: the dashboard computes live on its next view
    if cache_call("add", QUEUED_KEY, 1, timeout=60):
        try:
            figures_refresh_task.apply_async(countdown=REFRESH_DELAY)
        except Exception:  # the broker is down: the dashboard computes live, beat refreshes later
            cache_call("delete", QUEUED_KEY)
            logger.warning("dashboard figures: could not queue a refresh", exc_info=True)


def figures_changed() -> None:
    """Something the dashboard counts changed: mark the snapshot out of date, now and on commit.

    Now, so a refresh that runs before this transaction commits does not count as up to date; on
    commit, so one that read the rows before the commit does not either.
    """
    _new_token()
    transaction.on_commit(_on_commit)


def _context(today=None) -> dict:
    months = selectors.last_months(today=today)  # hours are reported the month after they are spent
    recent = selectors.last_months(today=today, include_current=True)
    hours = checkins.hours_by_month(months)
    rates = checkins.response_rate_by_month(recent)
    active = selectors.active_matches_by_month(recent)
    series = [hours.label for hours in HOURS_FIELDS]
    return {
        "glance": selectors.glance(today),
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


def figures_compute() -> DashboardFigures:
    """The figures computed now and rendered, as a snapshot not yet kept."""
    token = current_token()  # read first: a change during the computation makes the result out of date
    read_from = timezone.now()  # every change committed before this is counted
    context = _context()
    parts = {name: render_to_string(f"dashboard/figures/{name}.html", context) for name in PARTS}
    return DashboardFigures(
        pk=SNAPSHOT_PK, computed_at=timezone.now(), read_from=read_from, token=token or "", parts=parts
    )


def figures_refresh() -> DashboardFigures:
    """Compute the figures and keep them as the snapshot (idempotent; run by the worker and beat)."""
    snapshot = figures_compute()
    try:
        with transaction.atomic():
            updated = DashboardFigures.objects.filter(pk=SNAPSHOT_PK).update(
                computed_at=snapshot.computed_at,
                read_from=snapshot.read_from,
                token=snapshot.token,
                parts=snapshot.parts,
            )
            if not updated:
                snapshot.save(force_insert=True)
    except IntegrityError:  # another worker stored its own at the same moment: as good as ours
        pass
    copy = {
        "computed_at": snapshot.computed_at,
        "read_from": snapshot.read_from,
        "token": snapshot.token,
        "parts": snapshot.parts,
    }
    cache_call("set", SNAPSHOT_KEY, copy, timeout=int(MAX_AGE.total_seconds()))
    return snapshot


def is_current(snapshot: DashboardFigures | None, token: str | None) -> bool:
    """Computed after the latest change, and not too old for the figures that move with the date."""
    return (
        snapshot is not None
        and token is not None
        and snapshot.token == token
        and timezone.now() - snapshot.computed_at <= MAX_AGE
        and set(PARTS) <= set(snapshot.parts)
    )


def is_usable(snapshot: DashboardFigures | None, token: str | None, own_change_at: float | None = None) -> bool:
    """Current; or out of date by others' changes for at most ``LAG``, and begun after the viewer's own
    last change (``own_change_at``, a Unix time)."""
    if is_current(snapshot, token):
        return True
    if snapshot is None or snapshot.read_from is None or not set(PARTS) <= set(snapshot.parts):
        return False
    if timezone.now() - snapshot.computed_at > LAG:
        return False
    return own_change_at is None or snapshot.read_from.timestamp() >= own_change_at


def figures_for_dashboard(own_change_at: float | None = None) -> DashboardFigures:
    """The snapshot when it may serve (``is_usable``), else the figures computed now (a page view never
    writes: the worker keeps them)."""
    kept = cache_call("get_many", [TOKEN_KEY, SNAPSHOT_KEY]) or {}
    token = kept.get(TOKEN_KEY) or current_token()
    if isinstance(kept.get(SNAPSHOT_KEY), dict):
        snapshot = DashboardFigures(pk=SNAPSHOT_PK, **kept[SNAPSHOT_KEY])
    else:  # the copy expired or was evicted: the row
        snapshot = DashboardFigures.objects.filter(pk=SNAPSHOT_PK).first()
    if is_usable(snapshot, token, own_change_at):
        return snapshot
    return figures_compute()
