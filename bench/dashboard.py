"""The coordinator's dashboard and the hours export at the size of the synthetic program."""

from __future__ import annotations

import statistics
import time

REQUESTS = 50


def _client():
    from django.conf import settings
    from django.test import Client

    from profiles.services import coordinator_create

    settings.DEBUG = False  # no query log: time what production would do
    coordinator, _ = coordinator_create(email="bench-coordinator@synthetic.example", name="Bench Coordinator")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(coordinator)
    return client


def _times(client, url, count):
    times = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            for _ in response.streaming_content:
                pass
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return times


def trivial_view():
    """``/healthz`` (no database, no template) through the same client and middleware: the floor."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    _times(client, "/healthz", 5)
    trivial = _times(client, "/healthz", REQUESTS)
    yield "trivial_view.median", f"{statistics.median(trivial) * 1000:.2f}", "ms"


def dashboard():
    client = _client()
    _times(client, "/coordinator/dashboard/", 3)  # warm up
    board = _times(client, "/coordinator/dashboard/", REQUESTS)
    yield "dashboard.median", f"{statistics.median(board) * 1000:.0f}", "ms"
    yield "dashboard.p95", f"{statistics.quantiles(board, n=20)[-1] * 1000:.0f}", "ms"


def export_hours():
    client = _client()
    [seconds] = _times(client, "/coordinator/exports/hours.csv", 1)
    yield "export.hours_csv_36m", f"{seconds:.2f}", "s"
