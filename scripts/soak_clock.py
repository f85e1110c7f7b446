"""The soak's beat and its clock worker: real Celery processes that live on the soak's moving clock.

    soak_clock.py beat|worker LOGDIR OUTBOX_QUEUE        (started by scripts/soak.py, environment included)

The soak (scripts/soak.py) writes its clock into LOGDIR/clock: "SIMULATED REAL", two Unix times, the moment it
moved to and the real time it moved; the simulated time then runs on at the real speed. Neither process patches
its own clock: kombu keeps its real one (the visibility of unacknowledged messages is counted in real time, and
a simulated time months in the past would hand every worker's task to another at once).

beat: ``celery beat`` with the project's schedule, whose entries read the moving clock (the app's ``now``), so
each daily job comes due on the simulated day; the outbox's e-mail tasks go to OUTBOX_QUEUE (the soak's two
real-clock workers), every other job to the clock worker's queue (CELERY_TASK_DEFAULT_QUEUE). Each job sent is
noted in LOGDIR/published ("ID TASK"), and after each tick with nothing due, the simulated time of that tick in
LOGDIR/idle: the soak knows that every job due at a moment has been sent once the idle time has passed it.

worker: a Celery worker (solo pool) on the clock worker's queue that runs each job on the moving clock
(time-machine from the job's start to its end); LOGDIR/done notes "started ID" and "ID STATE" for each job.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))


def replace_text(path: Path, text: str) -> None:
    """``path`` holds ``text``, written beside it and moved in: a reader sees the old text or the new."""
    partial = path.with_suffix(".new")
    partial.write_text(text)
    os.replace(partial, path)


class Clock:
    """The soak's moving clock in its file: the soak moves it, beat and the clock worker read it at each call
    (a few times a tick: a small file, and no modification time to trust to tell two quick moves apart)."""

    def __init__(self, path: Path):
        self.path = path

    def move(self, moment: datetime, real: float) -> None:
        """From the real time ``real`` on, the clock says ``moment`` and runs on at the real speed."""
        replace_text(self.path, f"{moment.timestamp()} {real}\n")

    def now(self) -> datetime:
        simulated, real = map(float, self.path.read_text().split())
        return datetime.fromtimestamp(simulated + time.time() - real, tz=UTC)


def note(path: Path, line: str) -> None:
    with path.open("a") as file:
        file.write(line + "\n")


def main() -> None:
    role, logdir, outbox_queue = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    import django

    django.setup()
    from celery import signals
    from celery.beat import PersistentScheduler

    from mentoring.celery import app

    clock = Clock(logdir / "clock")
    app.conf.task_routes = {"outbox.tasks.*": {"queue": outbox_queue}}

    if role == "beat":
        # Every schedule's "now" (celery.schedules), in the app's time zone as Celery.now gives it: crontab
        # reads the hour of the time it is given.
        app.now = lambda: clock.now().astimezone(app.timezone)  # type: ignore[method-assign]
        # Not celery's own backend_cleanup job: the project keeps no task results, and the job's expiry (12 h)
        # would be set on the moving clock, months before the worker's real one (which would drop it unrun).
        app.conf.result_expires = None
        idle = logdir / "idle"

        class Scheduler(PersistentScheduler):
            def tick(self, *args, **kwargs):
                delay = super().tick(*args, **kwargs)
                if delay:
                    replace_text(idle, f"{clock.now().timestamp()}\n")
                return delay

        @signals.after_task_publish.connect
        def published(sender=None, headers=None, routing_key=None, **kwargs):
            if routing_key != outbox_queue:
                note(logdir / "published", f"{headers['id']} {headers['task']}")

        # The stubs want a dotted name and whole seconds; celery takes the class itself and 0.1 s as well.
        app.Beat(
            scheduler=Scheduler,  # type: ignore[arg-type]
            schedule=str(logdir / "beat-schedule"),
            max_interval=0.1,  # type: ignore[arg-type]
            loglevel="WARNING",
            quiet=True,
        ).run()
        return

    import time_machine

    travels: list = []

    @signals.task_prerun.connect
    def started(task_id=None, **kwargs):
        travel = time_machine.travel(clock.now(), tick=True)
        travel.start()
        travels.append(travel)
        note(logdir / "done", f"started {task_id}")

    @signals.task_postrun.connect
    def finished(task_id=None, state=None, **kwargs):
        while travels:
            travels.pop().stop()
        note(logdir / "done", f"{task_id} {state}")

    app.worker_main(
        [
            *("worker", "-Q", app.conf.task_default_queue, "--pool=solo", "--concurrency=1"),
            *(f"--hostname=soak-clock-{os.getpid()}@%h", "--without-gossip", "--without-mingle"),
            *("--without-heartbeat", "--loglevel=WARNING"),
        ]
    )


if __name__ == "__main__":
    main()
