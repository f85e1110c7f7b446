"""Every page, timed: each URL pattern of the access table, as a person it belongs to, on the synthetic program
at 10,000 and at 50,000 people (36 months), beside the trivial view in the same process.

    python -m bench.pages          # what `make bench ONLY=pages` runs, in a process of its own
    BENCH_PAGES_SIZES=10000 python -m bench.pages    # one size only
    BENCH_PAGES_KEEP=1 BENCH_PAGES_ONLY=matches:,plan. BENCH_PAGES_SIZES=10000 python -m bench.pages
        # while working on a page: keep the program loaded by an earlier run, time only names with these prefixes

Uses a database of its own, BENCH_PAGES_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/pages_bench),
emptied and loaded afresh at each size: the synthetic program, its closed months rolled up, the dashboard's
snapshot refreshed (as beat does every minute), and the demo program on top of it, so every page of the access
table has the objects it needs (the demo's pair, plan, agreements, concerns, surveys...) while the coordinator's
lists, searches and exports cover the whole program. ``DEBUG`` is off; tasks go to Redis (no worker runs: work a
page hands to a worker is not timed, as in production).

For each page: 3 requests to warm up, then 20 timed (the test client: middleware, view, template, no network),
median and p95, each after a request of the trivial view (``/healthz``, a visitor): a page is judged against the
trivial view's median timed between its own requests, under the same load of the machine (whose speed drifts
over a sweep of minutes; the header gives the median of those). A page's target is median ≤ 50× and p95 ≤ 100×
the trivial view's median; a download (a CSV,
a PDF, a ZIP, a calendar) has its own: median ≤ 3 s. Each POST a participant makes is timed likewise
(``ACTIONS``), each inside a transaction rolled back afterwards so that it can be repeated, against
≤ 50× the trivial view. It prints every page, the ten slowest, and one ``bench:`` line per figure.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/pages_bench"
SIZES = {
    10_000: {"people": 10_000, "matches": 4_000, "months": 36},
    50_000: {"people": 50_000, "matches": 20_000, "months": 36},
}
WARM_UP, REQUESTS = 3, 20
PAGE_MEDIAN, PAGE_P95 = 50, 100  # × the trivial view
DOWNLOAD_SECONDS = 3.0
ACTION_MEDIAN = 50
# Whom each page is timed as: the first of these its rule allows (the pair before the coordinator: a page
# both may open is the partners' own; the coordinator's pages are theirs alone).
ORDER = ["mentee", "mentor", "coordinator", "former mentee", "former mentor", "applicant", "visitor"]
DOWNLOAD_TYPES = ("text/csv", "application/pdf", "application/zip", "text/calendar")


@dataclass
class Timing:
    name: str
    url: str
    who: str
    times: list[float]
    status: int
    download: bool
    trivial: float = 0.0  # the trivial view's median, timed between this page's requests

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        return statistics.quantiles(self.times, n=20)[-1] if len(self.times) > 1 else self.times[0]


def _fresh_database(url: str) -> None:
    from bench.dashboard_scale import _fresh_database as fresh

    fresh(url)


def _request(client, method: str, url: str, data=None):
    started = time.perf_counter()
    response = client.get(url) if method == "get" else client.post(url, data or {})
    if hasattr(response, "streaming_content"):
        for _ in response.streaming_content:
            pass
    return time.perf_counter() - started, response


def _time(client, url: str, beside=None) -> tuple[list[float], int, str, float]:
    """The page's times, and the trivial view's median timed between them with ``beside`` (a visitor's client):
    both under the same load of the machine, which drifts over a sweep of several minutes."""
    for _ in range(WARM_UP):
        _, response = _request(client, "get", url)
    times, trivial = [], []
    for _ in range(REQUESTS):
        if beside is not None:
            trivial.append(_request(beside, "get", "/healthz")[0])
        elapsed, response = _request(client, "get", url)
        times.append(elapsed)
    floor = statistics.median(trivial) if trivial else 0.0
    return times, response.status_code, response.get("Content-Type", ""), floor


def _clients():
    from django.conf import settings
    from django.test import Client

    from privacy.services import consent_give
    from profiles.models import User
    from tests.access_table import PEOPLE

    settings.DEBUG = False
    clients = {}
    for who, email in PEOPLE.items():
        client = Client(HTTP_HOST="127.0.0.1")
        if email:
            person = User.objects.get(email=email)
            # Each person has agreed to the privacy notice, as everyone has after their first visit: else every
            # participant's page would time the redirect to the consent page, not the page.
            consent_give(user=person)
            client.force_login(person)
        clients[who] = client
    return clients


def _chosen(name: str) -> bool:
    only = [p for p in os.environ.get("BENCH_PAGES_ONLY", "").split(",") if p]
    return not only or name.startswith(tuple(only))


def pages(world: dict[str, str]) -> list[Timing]:
    from core import memory
    from dashboard.snapshot import snapshot_refresh
    from tests.access_table import TABLE
    from tests.urlpatterns import fill, project_patterns

    clients = _clients()
    memory.keep_long_lived()  # as mentoring.wsgi does in each of gunicorn's workers
    timings = []
    refreshed = 0.0
    for pattern in project_patterns():
        if time.monotonic() - refreshed > 60:  # beat refreshes the dashboard's snapshot every minute
            snapshot_refresh()
            refreshed = time.monotonic()
        rule = TABLE.get(pattern.name)
        if rule is None or not rule.get or not _chosen(pattern.name):
            continue
        who = next((w for w in ORDER if w in rule.allowed), "visitor")
        url = fill(pattern.route, {**{k: world.get(v, v) for k, v in rule.args.items()}})
        times, status, content_type, floor = _time(clients[who], url, beside=clients["visitor"])
        download = content_type.startswith(DOWNLOAD_TYPES)
        timings.append(Timing(pattern.name, url, who, times, status, download, floor))
    return timings


@dataclass
class Action:
    name: str
    who: str
    url: Callable[[dict], str]
    data: Callable[[dict], dict]


def _actions() -> list[Action]:
    """Each POST a participant makes, with the form a browser would send."""
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    return [
        Action(
            "checkin.answer",
            "mentee",
            lambda w: f"/checkins/{w['checkin']}/",
            lambda w: {"update": "A good month: we met twice.", "continues": "yes", "concern": ""},
        ),
        Action(
            "notebook.entry",
            "mentee",
            lambda w: f"/matches/{w['match']}/notebook/",
            lambda w: {"date": today, "form": "video", "minutes": "45", "topics": "Next steps", "notes": "Fine."},
        ),
        Action(
            "agreement.sign",
            "mentee",
            lambda w: f"/matches/{w['match']}/agreements/partnership/sign/",
            lambda w: {"typed_name": w["mentee_name"], "confirmed": "on", "without_goals": "on"},
        ),
        Action("plan.checkpoint_held", "mentee", lambda w: f"/plans/{w['plan']}/checkpoints/1/held/", lambda w: {}),
        Action(
            "plan.action_status",
            "mentee",
            lambda w: f"/plans/{w['plan']}/actions/1/1/status/",
            lambda w: {"status": "done"},
        ),
        Action("plan.comment", "mentor", lambda w: f"/plans/{w['plan']}/comments/", lambda w: {"body": "Well done."}),
    ]


def actions(world: dict[str, str]) -> list[Timing]:
    from django.db import transaction

    clients = _clients()
    timings = []
    for action in _actions():
        if not _chosen(action.name):
            continue
        client, url, data = clients[action.who], action.url(world), action.data(world)
        times, trivial, status = [], [], 0
        for i in range(WARM_UP + REQUESTS):
            if i >= WARM_UP:
                trivial.append(_request(clients["visitor"], "get", "/healthz")[0])
            with transaction.atomic():
                elapsed, response = _request(client, "post", url, data)
                transaction.set_rollback(True)
            status = response.status_code
            if i >= WARM_UP:
                times.append(elapsed)
        timings.append(Timing(action.name, url, action.who, times, status, False, statistics.median(trivial)))
    return timings


def measure(size: int) -> int:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.synthetic import build
    from checkins.selectors import checkins_changed
    from checkins.services import month_figures_refresh
    from dashboard.snapshot import snapshot_refresh
    from matches.pool import pool_changed
    from mentoring.management.commands.seed_demo import Command as SeedDemo
    from profiles.models import User

    if os.environ.get("BENCH_PAGES_KEEP") and User.objects.filter(email="aisha@example.com").exists():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have since the last run (off on the bench's machine)
        return _report_rolled_back(size)
    tables = [t for t in connection.introspection.table_names() if t != "django_migrations"]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE")
    print(f"Loading the synthetic program ({size:,} people) and the demo on top...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    build(**SIZES[size], vacuum=False)
    month_figures_refresh()
    SeedDemo(stdout=open(os.devnull, "w"), stderr=sys.stderr).seed()  # noqa: SIM115
    # On the synthetic program Olek's suggestions are synthetic mentors: the choice he is waiting on goes to
    # Grace, whom the access table times as the mentor asked.
    from match_requests.models import Choice, ChoiceStatus

    Choice.objects.filter(status=ChoiceStatus.ASKED, request__mentee__email="olek@example.com").update(
        mentor=User.objects.get(email="grace@example.com")
    )
    # The demo's e-mails and the synthetic check-ins' stand as sent: a backlog of thousands of due e-mails with
    # no worker is not the program's normal state (and /health/ rightly answers 503 to it).
    from outbox.models import Message

    Message.objects.pending().update(status="sent", sent_at=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # after the last write of the load (else the planner counts those e-mails due)
    snapshot_refresh()
    pool_changed()  # the load wrote without the signals the kept mentors and mentees follow
    checkins_changed()  # nor through the check-ins' services: what the coordinator's month keeps is stale
    call_command("check", verbosity=0)
    print(f"  loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return _report_rolled_back(size)


def _report_rolled_back(size: int) -> int:
    """The access table's objects made and the pages timed in a transaction rolled back afterwards, so that the
    loaded program stays as loaded and BENCH_PAGES_KEEP can time it again (the objects are made afresh each run)."""
    from django.db import transaction

    from matches.models import Match
    from notifications.models import Notification
    from profiles.models import User
    from reports.models import BoardPdf
    from tests.access_table import world as access_world

    with transaction.atomic():
        # A program loaded before the world was rolled back kept the world's objects: they are set aside (their
        # keys are unique), and come back with the rollback.
        BoardPdf.objects.filter(first_year=2025, last_year=2025, start_month=9).delete()
        Match.objects.filter(mentor__email="lukasz@example.com", status="proposed").delete()
        Notification.objects.filter(key="access-table").delete()
        world = access_world()
        world["mentee_name"] = User.objects.get(email="aisha@example.com").name
        over = _report(size, world)
        transaction.set_rollback(True)
    return over


def _report(size: int, world: dict[str, str]) -> int:
    from health.services import heartbeat_record

    heartbeat_record()  # what beat's daily job writes; the load emptied the table (else /health/ answers 503)
    timed = pages(world)
    done = actions(world)
    # Each figure is judged against the trivial view timed between its own requests; the header gives the
    # median of those.
    floor = statistics.median(t.trivial for t in timed + done)
    label = f"{size // 1000}k"
    over = []
    print(f"\nEvery page at {size:,} people; the trivial view's median {floor * 1000:.2f} ms in the same process.")
    print(f"{'page':44} {'as':14} {'median ms':>10} {'p95 ms':>9} {'× trivial':>10}  status  trivial ms")
    for t in sorted(timed, key=lambda t: t.name):
        ratio = t.median / t.trivial
        bad = (t.median > DOWNLOAD_SECONDS) if t.download else (ratio > PAGE_MEDIAN or t.p95 / t.trivial > PAGE_P95)
        bad = bad or t.status >= 500
        if bad:
            over.append(t)
        mark = " OVER" if bad else ""
        kind = " (download)" if t.download else ""
        figures = f"{t.median * 1000:10.1f} {t.p95 * 1000:9.1f} {ratio:10.1f}"
        print(f"{t.name:44} {t.who:14} {figures}  {t.status}{kind}{mark}  [{t.trivial * 1000:.2f}]")
    print("\nThe ten slowest pages:")
    for t in sorted(timed, key=lambda t: t.median, reverse=True)[:10]:
        print(f"  {t.name:44} {t.median * 1000:8.1f} ms  {t.median / t.trivial:6.1f}×")
    print(f"\nEvery action (a POST, rolled back) at {size:,} people:")
    for t in done:
        ratio = t.median / t.trivial
        bad = ratio > ACTION_MEDIAN or t.status != 302  # a form shown again did not do the work
        if bad:
            over.append(t)
        print(f"  {t.name:30} {t.who:10} {t.median * 1000:8.1f} ms {ratio:8.1f}×  {t.status}{' OVER' if bad else ''}")
    pages_only = [t for t in timed if not t.download]
    downloads = [t for t in timed if t.download]
    print(f"bench: trivial_view.median_pages_{label} {floor * 1000:.2f} ms", flush=True)
    print(f"bench: pages.count_{label} {len(timed)} pages", flush=True)
    if pages_only:
        print(f"bench: pages.worst_median_{label} {max(t.median / t.trivial for t in pages_only):.1f} x", flush=True)
        print(f"bench: pages.worst_p95_{label} {max(t.p95 / t.trivial for t in pages_only):.1f} x", flush=True)
    if downloads:
        print(f"bench: pages.slowest_download_{label} {max(t.median for t in downloads):.2f} s", flush=True)
    if done:
        print(f"bench: pages.worst_action_{label} {max(t.median / t.trivial for t in done):.1f} x", flush=True)
    print(f"bench: pages.over_target_{label} {len(over)} pages", flush=True)
    return len(over)


def main() -> int:
    url = os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("REDIS_URL", os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    if not os.environ.get("BENCH_PAGES_KEEP"):
        _fresh_database(url)
    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # 404s and 503s are counted, not logged
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    sizes = [int(s) for s in os.environ.get("BENCH_PAGES_SIZES", "10000,50000").split(",")]
    over = sum(measure(size) for size in sizes)
    return 1 if over else 0


def figures():
    """This module in a process of its own (a database of its own, at each size); its table goes to stderr."""
    import subprocess

    process = subprocess.run([sys.executable, "-m", "bench.pages"], capture_output=True, text=True)
    sys.stderr.write(process.stderr[-3000:])
    for line in process.stdout.splitlines():
        if line.startswith("bench: "):
            name, value, unit = ([*line.split()[1:], ""])[:3]
            yield name, value, unit
        else:
            print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
