"""The load test: gunicorn (3 workers) and one Celery worker on PostgreSQL and Redis with the
synthetic program, 200 participants and 5 coordinators simulated by locust for 60 s, all on loopback.
This process stands in for beat's dashboard job: it asks the worker to refresh the dashboard's snapshot
at the start and every minute (``dashboard-snapshot``); beat itself is not run, so no daily job fires.

Prepares the people (this month's check-ins opened for 100 matches, logged-in sessions for their
200 partners and 5 coordinators), runs locust in a process of its own, prints its figures, and
takes back what the run wrote (the check-ins, notebook entries, concerns, e-mails and sessions),
so the synthetic program is as it was for the other figures.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PARTICIPANTS = 200
COORDINATORS = 5
SECONDS = 60


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _prepare(started_at):
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from checkins import dates, links
    from checkins.models import CheckIn, CheckInStatus
    from matches.models import Match
    from profiles.models import User
    from profiles.services import coordinator_create

    month = dates.month_start(timezone.localdate())
    matches = list(Match.objects.active().order_by("pk")[: PARTICIPANTS // 2])
    CheckIn.objects.filter(month=month, match__in=matches).delete()
    checkins = CheckIn.objects.bulk_create(
        [
            CheckIn(
                match=m,
                person_id=person_id,
                role=role,
                month=month,
                hours_month=dates.previous_month(month),
                status=CheckInStatus.OPEN,
                opened_at=started_at,
                due_at=started_at + timedelta(days=7),
            )
            for m in matches
            for person_id, role in ((m.mentor_id, "mentor"), (m.mentee_id, "mentee"))
        ]
    )

    def session_for(user):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "profiles.backends.ModelBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return store.session_key

    people = {u.pk: u for u in User.objects.filter(pk__in=[c.person_id for c in checkins])}
    participants = [
        {
            "checkin": c.pk,
            "match": c.match_id,
            "role": c.role,
            "link": links.answer_url(c),
            "session": session_for(people[c.person_id]),
        }
        for c in checkins
    ]
    coordinators = []
    for i in range(COORDINATORS):
        user, _ = coordinator_create(email=f"load-coordinator{i}@synthetic.example", name=f"Load Coordinator {i}")
        coordinators.append(session_for(user))
    return {"participants": participants, "coordinators": coordinators}, month, [c.pk for c in checkins]


def _clean_up(started_at, month, checkin_ids):
    from django.contrib.sessions.models import Session
    from django.db import transaction

    from checkins.models import CheckIn, NotebookEntry
    from checkins.services import month_figures_refresh
    from dashboard.models import DashboardFigures
    from outbox.models import Message
    from support.models import Concern

    with transaction.atomic():
        NotebookEntry.everything.filter(created_at__gte=started_at).delete()
        Concern.objects.filter(created_at__gte=started_at).delete()
        CheckIn.objects.filter(pk__in=checkin_ids).delete()
        Message.objects.filter(created_at__gte=started_at).delete()
        Session.objects.filter(expire_date__gte=started_at).delete()
        DashboardFigures.objects.all().delete()  # the snapshot the run kept
        month_figures_refresh()  # answers deleted the rollup of the month their hours are for


def _beat_the_dashboard(stopped: threading.Event) -> None:
    """What beat's ``dashboard-snapshot`` job does: the snapshot refreshed by the worker every minute."""
    from dashboard.tasks import snapshot_refresh_task

    while True:
        snapshot_refresh_task.delay()
        if stopped.wait(60):
            return


def load():
    import importlib.util

    if importlib.util.find_spec("locust") is None:
        print(
            "Skipping the load test: locust is not installed (pip install -r bench/requirements.txt).", file=sys.stderr
        )
        return
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    started_at = timezone.now()
    plan, month, checkin_ids = _prepare(started_at)
    workdir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    plan_file = workdir / "plan.json"
    plan_file.write_text(json.dumps(plan))
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
        "EMAIL_URL": "dummymail://",  # the worker sends the run's e-mails nowhere
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
    )
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mentoring.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--access-logfile",
            "/dev/null",
            "--error-logfile",
            str(workdir / "gunicorn.log"),
        ],
        cwd=BASE_DIR,
        env=env,
    )
    # One Celery worker, as in production: it refreshes the dashboard's snapshot when asked (below, as
    # beat would) and sends the run's e-mails. Tasks an earlier run left in the queue are dropped first.
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "mentoring", "purge", "-f"],
        cwd=BASE_DIR,
        env=env,
        check=False,
        capture_output=True,
    )
    stopped = threading.Event()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "mentoring",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
            "--logfile",
            str(workdir / "worker.log"),
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
                break
            except OSError as error:
                if server.poll() is not None or time.monotonic() > deadline:
                    log = (workdir / "gunicorn.log").read_text()[-2000:]
                    raise RuntimeError(f"gunicorn did not start: {log}") from error
                time.sleep(0.2)
        stats = workdir / "stats"
        threading.Thread(target=_beat_the_dashboard, args=(stopped,), daemon=True).start()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(BASE_DIR / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{port}",
                "-u",
                str(PARTICIPANTS + COORDINATORS),
                "-r",
                "50",
                "-t",
                f"{SECONDS}s",
                "--stop-timeout",
                "10",
                "--csv",
                str(stats),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            cwd=workdir,
            env={**env, "BENCH_LOAD_PLAN": str(plan_file)},
            check=False,
            timeout=SECONDS + 60,
        )
        with open(f"{stats}_stats.csv") as handle:
            rows = {row["Name"]: row for row in csv.DictReader(handle)}
        total = rows["Aggregated"]
        yield "load.requests_per_s", f"{float(total['Requests/s']):.1f}", "/s"
        yield "load.p95_ms", total["95%"], "ms"
        yield "load.errors", total["Failure Count"], ""
        # The dashboard while participants' answers stream in: read from the snapshot beat keeps.
        yield "load.dashboard_median_ms", rows["dashboard"]["50%"], "ms"
        yield "load.dashboard_p95_ms", rows["dashboard"]["95%"], "ms"
    finally:
        stopped.set()
        server.terminate()
        server.wait(timeout=30)
        worker.terminate()
        worker.wait(timeout=30)
        _clean_up(started_at, month, checkin_ids)
        subprocess.run(["rm", "-rf", str(workdir)], check=False)
