"""Run the benchmarks and print one line per figure: ``bench: NAME VALUE UNIT``.

    python -m bench.run [PREFIX]     # only the figures whose names start with PREFIX

Benchmarks that need PostgreSQL and Redis use their own database
(BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/mentoring_bench)
and Redis database (BENCH_REDIS_URL, default redis://127.0.0.1:6379/1). The bulk proposal's figures
use a database of their own (BENCH_MATCHING_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/matching_bench), in a process of their own.
"""

from __future__ import annotations

import sys

from bench import database

database.configure_environment()

from bench import (  # noqa: E402
    agreements,
    checkins,
    dashboard,
    load,
    matching,
    meetings,
    pages,
    plans,
    proposal,
    reports,
)


def synthetic_build():
    seconds = database.synthetic_program()
    if seconds is not None:
        yield "synthetic.build_10000", f"{seconds:.1f}", "s"


# (figure names, needs PostgreSQL and Redis, function)
BENCHMARKS = [
    (["matching.bulk_2000x800"], False, matching.bulk_2000x800),
    (
        ["matching.proposal_2000x800", "matching.proposal_10000x4000", "matching.proposal_peak_mib"],
        True,
        proposal.figures,
    ),
    (["synthetic.build_10000"], True, synthetic_build),
    (
        [
            "checkins.open_month_4000",
            "checkins.open_month_write_s",
            "checkins.open_month_write_cpu_s",
            "checkins.worker_cpu_ms",
            "checkins.open_month_per_s",
            "checkins.rerun_emails",
            "smtp.raw_per_s",
            "smtp.raw_cpu_ms",
            "checkins.open_month_vs_raw",
            "outbox.sweep_idle_ms",
        ],
        True,
        checkins.open_month_4000,
    ),
    (["agreements.pdf_median"], True, agreements.pdf_median),
    (
        ["dashboard.median", "dashboard.p95", "dashboard.median_50k", "dashboard.p95_50k", "dashboard.times_trivial"],
        True,
        dashboard.at_scale,
    ),
    (["export.hours_csv_36m"], True, dashboard.export_hours),
    (
        ["load.requests_per_s", "load.p95_ms", "load.errors", "load.dashboard_median_ms", "load.dashboard_p95_ms"],
        True,
        load.load,
    ),
    (
        [f"{name}_{size}" for size in ("10k", "50k") for name in ("pages.worst_median", "pages.worst_p95")],
        True,
        pages.figures,
    ),
    (
        [
            f"{name}{size}"
            for size in ("", "_50k")
            for name in (
                "reports.compute_ms",
                "reports.cold_ms",
                "reports.page_median",
                "reports.page_p95",
                "reports.times_trivial",
                "reports.dashboard_median",
                "reports.pdf_s",
                "reports.pdf_kept_ms",
            )
        ],
        True,
        reports.figures,
    ),
    (
        [
            "meetings.feed_events",
            "meetings.feed_queries",
            "meetings.feed_kib",
            "meetings.feed_built_median",
            "meetings.feed_built_p95",
            "meetings.feed_built_cpu_median",
            "meetings.feed_median",
            "meetings.feed_cpu_mean",
            "meetings.feed_p95",
            "meetings.feed_304_median",
        ],
        True,
        meetings.feed,
    ),
    (["plans.pdf_median", "plans.page_median", "trivial_view.median", "plans.dashboard_median"], True, plans.plans),
]


def main(argv):
    prefix = argv[1] if len(argv) > 1 else ""
    chosen = [b for b in BENCHMARKS if any(name.startswith(prefix) for name in b[0])]
    if not chosen:
        print(f"No benchmark name starts with {prefix!r}.", file=sys.stderr)
        return 2
    if any(needs_services for _, needs_services, _ in chosen):
        missing = database.services_missing()
        if missing:
            print(f"Skipping the database benchmarks: {missing}.", file=sys.stderr)
            chosen = [b for b in chosen if not b[1]]
        elif synthetic_build not in [function for _, _, function in chosen]:
            database.synthetic_program()  # the program the other database benchmarks measure
    import django

    django.setup()
    # Machines differ: every run prints the floor, a trivial view through the same stack, to judge the figures by.
    for name, value, unit in dashboard.trivial_view():
        print(f"bench: {name} {value} {unit}", flush=True)
    for _, _, function in chosen:
        for name, value, unit in function():
            print(f"bench: {name} {value} {unit}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
