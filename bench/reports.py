"""The program year's report (R1, R2) at 10,000 and at 50,000 people, beside the trivial view.

    python -m bench.reports      # what `make bench ONLY=reports` runs, in a process of its own

Uses a database of its own, BENCH_REPORTS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/reports_bench), emptied and loaded afresh at each size (the synthetic
program, 36 months; closed months rolled up as the daily job keeps them). For this program year and the
one before it, it measures:

- ``reports.compute_ms``: computing both years' figures from the database (``figures.year_figures``),
  what beat's refresh or a coordinator's first view after a copy ran out costs;
- ``reports.cold_ms``: the page with no copy of anything kept (figures computed, body drawn);
- ``reports.page_median``: the page as coordinators get it, the figures and the drawn body read from
  their copies (50 requests after 3 warm-up requests), beside ``/healthz`` in the same process;
- ``reports.pdf_s``: drawing the board's PDF of both years (figures kept), and ``reports.pdf_kept_ms``
  the same PDF once drawn (its copy).
"""

from __future__ import annotations

import os
import statistics
import sys
import time

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/reports_bench"
SIZES = [
    ("", {"people": 10_000, "matches": 4_000, "months": 36}),
    ("_50k", {"people": 50_000, "matches": 20_000, "months": 36}),
]
REQUESTS = 50


def main() -> int:
    url = os.environ.get("BENCH_REPORTS_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    from bench.dashboard_scale import _fresh_database

    _fresh_database(url)
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from bench.dashboard import _client, _times
    from bench.synthetic import build
    from checkins.services import month_figures_refresh
    from profiles.models import ProgramSettings
    from reports.figures import year_figures
    from reports.years import current_year

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
        program = ProgramSettings.load()
        year = current_year(program)
        page = f"/coordinator/report/?year={year}&since={year - 1}"
        pdf = f"/coordinator/report/report.pdf?year={year}&since={year - 1}"
        _times(client, "/coordinator/dashboard/", 1)  # its first view writes the program's settings

        computed = []
        for _ in range(3):
            begun = time.perf_counter()
            year_figures(year, program=program)
            year_figures(year - 1, program=program)
            computed.append(time.perf_counter() - begun)
        cache.clear()
        cold = _times(client, page, 1)
        _times(client, page, 3)
        served = _times(client, page, REQUESTS)
        _times(client, "/healthz", 5)
        trivial = _times(client, "/healthz", REQUESTS)
        pdf_times = _times(client, pdf, 1)
        kept_pdf = _times(client, pdf, 5)
        cache.clear()

        median, floor = statistics.median(served), statistics.median(trivial)
        print(f"bench: reports.compute_ms{suffix} {statistics.median(computed) * 1000:.0f} ms", flush=True)
        print(f"bench: reports.cold_ms{suffix} {cold[0] * 1000:.0f} ms", flush=True)
        print(f"bench: reports.page_median{suffix} {median * 1000:.2f} ms", flush=True)
        print(f"bench: reports.page_p95{suffix} {statistics.quantiles(served, n=20)[-1] * 1000:.2f} ms", flush=True)
        print(f"bench: trivial_view.median{suffix or '_10k'} {floor * 1000:.2f} ms", flush=True)
        print(f"bench: reports.times_trivial{suffix} {median / floor:.0f} x", flush=True)
        print(f"bench: reports.pdf_s{suffix} {pdf_times[0]:.2f} s", flush=True)
        print(f"bench: reports.pdf_kept_ms{suffix} {statistics.median(kept_pdf) * 1000:.1f} ms", flush=True)
    return 0


def figures():
    """``main`` in a process of its own (a database of its own, at two sizes)."""
    import subprocess

    process = subprocess.run([sys.executable, "-m", "bench.reports"], capture_output=True, text=True)
    sys.stderr.write(process.stderr[-3000:])
    for line in process.stdout.splitlines():
        if line.startswith("bench: "):
            name, value, unit = ([*line.split()[1:], ""])[:3]
            yield name, value, unit


if __name__ == "__main__":
    sys.exit(main())
