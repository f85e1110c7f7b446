"""The coordinator's dashboard and the hours export at the size of the synthetic program."""

from __future__ import annotations

import statistics
import time

REQUESTS = 50


def _client(user=None):
    """A test client logged in as ``user``, or as a bench coordinator (with two-factor on, as coordinators
    must have, or every page sends them to set it up); ``DEBUG`` off, as in production."""
    from django.conf import settings
    from django.test import Client

    from profiles.services import coordinator_create, totp_enroll

    settings.DEBUG = False  # no query log: time what production would do
    if user is None:
        user, _ = coordinator_create(email="bench-coordinator@synthetic.example", name="Bench Coordinator")
        totp_enroll(user=user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
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


def at_scale():
    """``bench/dashboard_scale.py`` in a process of its own (a database of its own, at two sizes)."""
    import subprocess
    import sys

    process = subprocess.run([sys.executable, "-m", "bench.dashboard_scale"], capture_output=True, text=True)
    sys.stderr.write(process.stderr[-3000:])
    for line in process.stdout.splitlines():
        if line.startswith("bench: "):
            name, value, unit = ([*line.split()[1:], ""])[:3]
            yield name, value, unit


def export_hours():
    client = _client()
    [seconds] = _times(client, "/coordinator/exports/hours.csv", 1)
    yield "export.hours_csv_36m", f"{seconds:.2f}", "s"
