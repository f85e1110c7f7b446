"""The coordinator's dashboard at 10,000 and at 50,000 people, each measured right after the synthetic
program is loaded (statistics gathered, no VACUUM), beside the trivial view in the same process.

    python -m bench.dashboard_scale      # what `make bench ONLY=dashboard` runs, in a process of its own

Uses a database of its own, BENCH_DASHBOARD_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/dashboard_bench), emptied and loaded afresh at each size. After
loading, the closed months are rolled up (``checkins.services.month_figures_refresh``), as the daily
job keeps them in a running program.

The dashboard's figures are a snapshot (``dashboard.snapshot``): after loading and the warm-up it is
refreshed, as beat does every minute, and the 50 measured requests read it (checked), as in a running
program. Ten more requests, each right after the coordinator's own change (the time of it in their
session, as ``OwnChangesMiddleware`` keeps it after their POST), give what the page costs until beat's
next refresh: ``dashboard.after_change_median``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/dashboard_bench"
SIZES = [
    ("", {"people": 10_000, "matches": 4_000, "months": 36}),
    ("_50k", {"people": 50_000, "matches": 20_000, "months": 36}),
]
REQUESTS = 50
CHANGED_REQUESTS = 10


def _fresh_database(url: str) -> None:
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


def _snapshot_serves(kept) -> bool:
    """The snapshot ``kept`` is still the one in the row, and young enough to serve a coordinator with
    no change of their own since."""
    from dashboard.snapshot import figures_for

    return figures_for(own_change_at=None).computed_at == kept.computed_at


def main() -> int:
    url = os.environ.get("BENCH_DASHBOARD_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    _fresh_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.dashboard import _client, _times
    from bench.synthetic import build
    from checkins.services import month_figures_refresh
    from dashboard.snapshot import OWN_CHANGE_KEY, snapshot_refresh

    call_command("migrate", verbosity=0)
    for suffix, size in SIZES:
        tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        print(f"Loading the synthetic program ({size['people']:,} people)...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        build(**size, vacuum=False)
        month_figures_refresh()
        print(f"  loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        client = _client()
        _times(client, "/coordinator/dashboard/", 3)  # warm up (its first view writes the program's settings)
        kept = snapshot_refresh()  # what beat does every minute
        assert _snapshot_serves(kept), "the measured requests must read the snapshot"
        board = _times(client, "/coordinator/dashboard/", REQUESTS)
        assert _snapshot_serves(kept), "the measured requests must read the snapshot"
        _times(client, "/healthz", 5)
        trivial = _times(client, "/healthz", REQUESTS)
        changed = []  # right after the coordinator's own change, before beat refreshed: computed live
        for _ in range(CHANGED_REQUESTS):
            session = client.session
            session[OWN_CHANGE_KEY] = time.time()  # what OwnChangesMiddleware keeps after their POST
            session.save()
            changed += _times(client, "/coordinator/dashboard/", 1)
        median, floor = statistics.median(board), statistics.median(trivial)
        print(f"bench: dashboard.median{suffix} {median * 1000:.1f} ms", flush=True)
        print(f"bench: dashboard.p95{suffix} {statistics.quantiles(board, n=20)[-1] * 1000:.1f} ms", flush=True)
        print(f"bench: trivial_view.median{suffix or '_10k'} {floor * 1000:.2f} ms", flush=True)
        print(f"bench: dashboard.times_trivial{suffix} {median / floor:.0f} x", flush=True)
        print(f"bench: dashboard.after_change_median{suffix} {statistics.median(changed) * 1000:.0f} ms", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
