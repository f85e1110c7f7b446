"""The whole bulk proposal as the coordinator's button runs it: read, score, solve, write drafts and history.

    python -m bench.proposal        # prints the bench lines; builds the waiting program first if needed

Runs in a process of its own (``bench.run`` starts it), so the peak memory it
reports is the proposal's, not that of the benchmarks before it. It uses a
database of its own, ``matching_bench`` (BENCH_MATCHING_DATABASE_URL), holding a
waiting program of 10,000 mentees and 4,000 mentors (``bench.synthetic.build_waiting``).
Each proposal runs through ``matches.services.matches_propose_bulk`` inside a
transaction that is rolled back, so every run starts from the same program.
The 2,000 × 800 figure is the same program with all but the first 2,000
waiting mentees and 800 mentors put on the waiting list, in the same rolled-back
transaction (not timed), after one untimed warm-up run.

Requests are in the program (M8, not timed, in the same transaction): one waiting
mentee in twenty has an open request waiting for a mentor's answer (the bulk
proposal leaves her to it and counts the place as taken), and as many pairs are
marked "not again" (M9), beside the 300 re-matchers' "not a fit" pairs.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from urllib.parse import urlparse

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/matching_bench"
SIZE = {"mentees": 10_000, "mentors": 4_000}


def figures():
    """Start this module in a child process and pass on its bench lines."""
    env = {**os.environ, "DATABASE_URL": os.environ.get("BENCH_MATCHING_DATABASE_URL", DEFAULT_URL)}
    done = subprocess.run([sys.executable, "-m", "bench.proposal"], env=env, capture_output=True, text=True)
    sys.stderr.write(done.stderr)
    if done.returncode:
        raise RuntimeError(f"bench.proposal failed ({done.returncode})")
    for line in done.stdout.splitlines():
        if line.startswith("bench: "):
            name, value, unit = line.removeprefix("bench: ").split()
            yield name, value, unit


def _ensure_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    with psycopg.connect(
        host=url.hostname,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        dbname="postgres",
        autocommit=True,
    ) as admin:
        name = url.path.lstrip("/")
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def _build_if_needed() -> None:
    from django.core.management import call_command

    from matches.selectors import waiting_mentees

    call_command("migrate", verbosity=0)
    if waiting_mentees().count() == SIZE["mentees"]:
        return
    from bench.database import _empty
    from bench.synthetic import build_waiting

    print("Building the waiting program (10,000 mentees, 4,000 mentors)...", file=sys.stderr, flush=True)
    _empty()
    build_waiting(**SIZE)


REQUESTING = 20  # one waiting mentee in this many has an open request


def _with_requests(coordinator) -> None:
    """Open requests and "not again" marks, written in bulk (not timed): what a program in request mode holds."""
    from datetime import timedelta

    from django.utils import timezone

    from match_requests.models import Choice, ChoiceStatus, MentorRequest
    from matches.models import NotAgain
    from matches.selectors import mentors_with_free_places, waiting_mentees

    mentees = list(waiting_mentees().order_by("pk").values_list("user_id", flat=True)[::REQUESTING])
    mentors = list(mentors_with_free_places().order_by("pk").values_list("user_id", flat=True))
    now = timezone.now()
    requests = MentorRequest.objects.bulk_create([MentorRequest(mentee_id=pk) for pk in mentees])
    Choice.objects.bulk_create(
        [
            Choice(
                request=request,
                mentor_id=mentors[n % len(mentors)],
                position=1,
                status=ChoiceStatus.ASKED,
                asked_at=now,
                deadline=now + timedelta(days=5),
            )
            for n, request in enumerate(requests)
        ]
    )
    everyone = list(waiting_mentees().order_by("-pk").values_list("user_id", flat=True)[: len(mentees)])
    NotAgain.objects.bulk_create(
        [
            NotAgain(mentee_id=pk, mentor_id=mentors[(7 * n) % len(mentors)], created_by=coordinator)
            for n, pk in enumerate(everyone)
        ],
        ignore_conflicts=True,
    )
    print(f"  {len(requests)} open requests, {len(everyone)} pairs not again", file=sys.stderr, flush=True)


def _timed(coordinator, shrink=None):
    from django.db import transaction

    from matches.services import DEFAULT_MIN_SCORE, matches_propose_bulk

    with transaction.atomic():
        if shrink:
            shrink()
        _with_requests(coordinator)
        started = time.perf_counter()
        proposal = matches_propose_bulk(by=coordinator, min_score=DEFAULT_MIN_SCORE)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(
        f"  {proposal.waiting} waiting, {proposal.created} proposed "
        f"({proposal.rematchers} re-matchers), {proposal.unplaced} left",
        file=sys.stderr,
        flush=True,
    )
    assert proposal.created, "the benchmark proposed nothing"
    return seconds


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    # Never the developer's own database.
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_MATCHING_DATABASE_URL", DEFAULT_URL)
    if "--build" in sys.argv:
        import django

        django.setup()
        _build_if_needed()
        return 0
    _ensure_database()
    # Build in another process, so that its memory does not count as the proposal's.
    subprocess.run([sys.executable, "-m", "bench.proposal", "--build"], check=True)

    import django

    django.setup()
    from django.conf import settings

    from matches.models import Match
    from profiles.models import Profile, Status
    from profiles.services import coordinator_create

    settings.DEBUG = False
    coordinator, _ = coordinator_create(email="bench-coordinator@synthetic.example", name="Bench Coordinator")

    def to_2000x800():
        waiting = list(
            Profile.objects.mentees()
            .approved()
            .exclude(user__mentee_matches__status__in=["active", "proposed"])
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Profile.objects.filter(pk__in=waiting[2000:]).update(status=Status.WAITLISTED)
        busy = Match.objects.active().values_list("mentor_id", flat=True)
        free = list(
            Profile.objects.mentors().approved().exclude(user_id__in=busy).order_by("pk").values_list("pk", flat=True)
        )
        Profile.objects.mentors().approved().exclude(pk__in=free[:800]).update(status=Status.WAITLISTED)

    _timed(coordinator, to_2000x800)  # warm-up: imports and first queries, as in a worker that ran before
    small = _timed(coordinator, to_2000x800)
    print(f"bench: matching.proposal_2000x800 {small:.2f} s", flush=True)
    large = _timed(coordinator)
    print(f"bench: matching.proposal_10000x4000 {large:.2f} s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"bench: matching.proposal_peak_mib {peak:.0f} MiB", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
