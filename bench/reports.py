"""The program year's report (R1, R2) at 10,000 and at 50,000 people, beside the trivial view.

    python -m bench.reports      # what `make bench ONLY=reports` runs, in a process of its own

Uses a database of its own, BENCH_REPORTS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/reports_bench), emptied and loaded afresh at each size (the synthetic
program, 36 months, its partnerships' starts and closes spread over them by ``shape_history``; closed
months rolled up as the daily job keeps them). For this program year and the one before it, it measures:

- ``reports.compute_ms``: computing both years' figures from the database (``figures.year_figures``),
  what beat's refresh or a coordinator's first view after a copy ran out costs;
- ``reports.cold_ms``: the page with no copy of anything kept (figures computed, body drawn);
- ``reports.page_median``: the page as coordinators get it, the figures and the drawn body read from
  their copies (50 requests after 3 warm-up requests), beside ``/healthz`` in the same process and
  the dashboard served from its snapshot (``reports.dashboard_median``), for scale on a busy machine;
- ``reports.pdf_s``: the worker drawing the board's PDF of both years (``board_pdf_draw``, figures kept),
  and ``reports.pdf_kept_ms`` downloading it once drawn (from documents storage).
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


def shape_history() -> None:
    """The synthetic program starts every partnership on one day and closes none: give them the history a
    program of three years has, so every family of figures has rows to count. Starts spread over the 36
    months, two in five closed (completed, not a fit, inactive, other) 1 to 14 months later and before
    today, with who closed them and both closing surveys, answered by two in three. Bulk SQL, then ANALYZE."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE matches_match SET started_at = now() - ((id * 7919 % 1080) || ' days')::interval,"
            " created_at = now() - ((id * 7919 % 1080 + 3) || ' days')::interval"
        )
        cursor.execute(
            "UPDATE matches_match SET status = 'closed',"
            " close_reason = (ARRAY['completed', 'not_a_fit', 'inactive', 'other'])[1 + id % 4],"
            " closed_at = started_at + ((30 + id * 31 % 400) || ' days')::interval"
            " WHERE id % 5 < 2 AND started_at + ((30 + id * 31 % 400) || ' days')::interval < now()"
        )
        cursor.execute(
            "INSERT INTO matches_matchevent (match_id, actor_id, at, from_status, to_status, reason, note)"
            " SELECT id, CASE id % 3 WHEN 0 THEN mentor_id WHEN 1 THEN mentee_id END, closed_at, 'active',"
            " 'closed', close_reason, '' FROM matches_match WHERE status = 'closed'"
        )
        for role, person in (("mentee", "mentee_id"), ("mentor", "mentor_id")):
            cursor.execute(
                "INSERT INTO endings_survey (match_id, person_id, role, program_year, created_at, answered_at,"
                " rating, helped_most, program_change, again, goals_moved)"
                f" SELECT id, {person}, '{role}', extract(year from closed_at)::int, closed_at,"
                " CASE WHEN id % 3 > 0 THEN closed_at + interval '3 days' END,"
                " CASE WHEN id % 3 > 0 THEN 1 + id % 5 END, '', '', CASE WHEN id % 3 > 0 THEN id % 4 > 0 END, ''"
                " FROM matches_match WHERE status = 'closed'"
            )
        cursor.execute("ANALYZE")


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
    from django.test import Client

    from bench.dashboard import _client, _times
    from bench.synthetic import build
    from checkins.services import month_figures_refresh
    from dashboard.snapshot import snapshot_refresh
    from profiles.models import ProgramSettings
    from reports.figures import year_figures
    from reports.services import board_pdf_draw, board_pdf_request
    from reports.years import current_year

    call_command("migrate", verbosity=0)
    for suffix, size in SIZES:
        tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
        print(f"Loading the synthetic program ({size['people']:,} people)...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        build(**size, vacuum=False)
        shape_history()
        month_figures_refresh()
        print(f"  loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        client = _client()
        program = ProgramSettings.load()
        year = current_year(program)
        page = f"/coordinator/report/?year={year}&since={year - 1}"
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
        visitor = Client()  # the house's trivial view: no session, no user read
        _times(visitor, "/healthz", 5)
        trivial = _times(visitor, "/healthz", REQUESTS)
        snapshot_refresh()  # the dashboard as beat keeps it, for scale: the same machine at the same moment
        _times(client, "/coordinator/dashboard/", 3)
        board = _times(client, "/coordinator/dashboard/", REQUESTS)
        asked, _ = board_pdf_request(first_year=year - 1, last_year=year, by=None)
        begun = time.perf_counter()
        board_pdf_draw(board_pdf_id=asked.pk)  # what the worker does
        pdf_seconds = time.perf_counter() - begun
        kept_pdf = _times(client, f"/coordinator/report/pdf/{asked.pk}/", 5)
        cache.clear()

        median, floor = statistics.median(served), statistics.median(trivial)
        print(f"bench: reports.compute_ms{suffix} {statistics.median(computed) * 1000:.0f} ms", flush=True)
        print(f"bench: reports.cold_ms{suffix} {cold[0] * 1000:.0f} ms", flush=True)
        print(f"bench: reports.page_median{suffix} {median * 1000:.2f} ms", flush=True)
        print(f"bench: reports.page_p95{suffix} {statistics.quantiles(served, n=20)[-1] * 1000:.2f} ms", flush=True)
        print(f"bench: trivial_view.median{suffix or '_10k'} {floor * 1000:.2f} ms", flush=True)
        print(f"bench: reports.times_trivial{suffix} {median / floor:.0f} x", flush=True)
        print(f"bench: reports.dashboard_median{suffix} {statistics.median(board) * 1000:.2f} ms", flush=True)
        print(f"bench: reports.pdf_s{suffix} {pdf_seconds:.2f} s", flush=True)
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
