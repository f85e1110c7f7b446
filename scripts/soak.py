"""The Python half of scripts/soak.sh: a program driven through months on a moving clock, against real services.

    soak.py      in the (empty, migrated) PostgreSQL database of DATABASE_URL; SOAK_MONTHS (12), SOAK_SEED (random)

The clock: this process travels (time-machine) through the last whole program year, month by month, and writes
each moment it moves to into a file that a real ``celery beat`` and a real "clock" worker read (scripts/soak_clock.py):
beat sends each job of the project's schedule when it comes due on that clock (check-ins opened and reminded,
meeting reminders and questions, survey reminders, the applications digest, retention, the dashboard's figures...),
the clock worker runs it on that clock, and this process waits until every job due by the new moment has run.
Participants answer, write in their notebook and are refused other people's pages through Django's test client;
coordinators and partners act through the apps' services. Every e-mail is written into the outbox at its (past)
moment and sent by two real Celery workers (solo pools, on the real clock) on a Redis server of the soak's own, to
an aiosmtpd server of its own, as beat's outbox sweep asks every second. Meanwhile, at seeded random moments: a
worker is killed (SIGKILL) while its batch is in the middle of an SMTP conversation, Redis is stopped and started
again (while partners act, or as the clock worker starts the day's reminders), the mail server answers 451 or 421
or stalls.

Then: every e-mail the outbox holds as sent reached the mail server exactly once (its Message-ID), none is left
unsent or failed, none arrived that the outbox does not hold; no request answered 5xx; the program-year report's
figures equal counts made with SQL from the tables; people of one pair get 404 for another pair's pages.
One line of counts; exit 1 on any failure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.soak_clock import Clock  # noqa: E402
from tests.harness import RedisServer, free_port  # noqa: E402  (no Django: the settings need the soak's Redis)

MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^@>]+)@", re.IGNORECASE | re.MULTILINE)
# The workers' outbox settings: a retry after 1 s doubling to 4 s; a dead worker's claim taken back after
# 30 s (longer than any batch of 5 takes, stalls of 2 s included); each accepted e-mail marked sent before the next
# is tried (the production default marks 20 at once, so a crash may send up to 20 twice); an e-mail refused
# for now is tried for ten years (its moment is months in the past on the moving clock; the real lifetime is 5 days).
WORKER_ENV = {
    "OUTBOX_RETRY_SECONDS": "1",
    "OUTBOX_RETRY_MAX_SECONDS": "4",
    "OUTBOX_CLAIM_TIMEOUT": "30",
    "OUTBOX_BATCH_SIZE": "5",
    "OUTBOX_MARK_EVERY": "1",
    "OUTBOX_QUEUE_LIFETIME": str(10 * 365 * 24 * 3600),
    "EMAIL_TIMEOUT": "10",
}


class Failure(Exception):
    pass


class MailServer:
    """Two doors (one per worker) to one mail server: it notes the Message-ID of each message it accepts,
    refuses (451, 421) or stalls at seeded random moments, and can hold a message while its worker is killed."""

    def __init__(self, seed: int, log: Path):
        from aiosmtpd.controller import Controller

        self.rng = random.Random(seed)
        self.log = log
        self.lock = threading.Lock()
        self.received: list[str] = []
        self.refusals = self.stalls = 0
        self.faults = True
        self.hold_armed = False
        self.held = threading.Event()
        self.held_door: int | None = None
        self.released = threading.Event()
        self.ports = [free_port(), free_port()]
        self.controllers = [
            Controller(_Door(self, door), hostname="127.0.0.1", port=port) for door, port in enumerate(self.ports)
        ]
        for controller in self.controllers:
            controller.start()

    async def data(self, door: int, envelope) -> str:
        with self.lock:
            hold = self.hold_armed and self.held_door is None
            if hold:
                self.held_door = door
            roll = self.rng.random()
            stall = self.rng.uniform(0.5, 2.0)
        if hold:
            self.held.set()
            while not self.released.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"  # its worker was killed meanwhile: nobody hears this
        if self.faults and roll < 0.06:
            self.refusals += 1
            return "451 4.7.1 Greylisted, try again later"
        if self.faults and roll < 0.09:
            self.refusals += 1
            return "421 4.3.2 Service not available, closing transmission channel"
        if self.faults and roll < 0.14:
            self.stalls += 1
            await asyncio.sleep(stall)  # shorter than the workers' EMAIL_TIMEOUT: then accepted
        found = MESSAGE_ID.search(envelope.original_content or envelope.content)
        uid = found.group(1).decode() if found else f"no-message-id-{uuid.uuid4()}"
        with self.lock:
            self.received.append(uid)
            with self.log.open("a") as log:
                log.write(f"{uid} door={door} to={','.join(envelope.rcpt_tos)}\n")
        return "250 OK"

    def stop(self):
        for controller in self.controllers:
            controller.stop()


class _Door:
    def __init__(self, server: MailServer, door: int):
        self.server, self.door = server, door

    async def handle_DATA(self, server, session, envelope):
        return await self.server.data(self.door, envelope)


def running(process: subprocess.Popen, name: str, log: Path) -> None:
    """Fails the soak, with the end of its log, when ``process`` has exited."""
    if process.poll() is not None:
        said = log.read_text(errors="replace")[-3000:]
        raise Failure(f"{name} exited ({process.returncode}); it said:\n{said}")


def stop_all(processes) -> None:
    """Asks each process to stop, then waits for each (20 s, then SIGKILL)."""
    processes = list(processes)
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


class Workers:
    """Two Celery worker processes (solo pools), each sending to its own door of the mail server."""

    def __init__(self, mail: MailServer, redis_url: str, queue: str, logdir: Path):
        self.mail, self.redis_url, self.queue, self.logdir = mail, redis_url, queue, logdir
        self.processes: list[subprocess.Popen] = [self.start(0), self.start(1)]
        self.kills = 0

    def start(self, door: int) -> subprocess.Popen:
        environment = {
            **os.environ,
            **WORKER_ENV,
            "EMAIL_URL": f"smtp://127.0.0.1:{self.mail.ports[door]}",
            "REDIS_URL": self.redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
        }
        log = (self.logdir / f"worker{door}.log").open("ab")
        return subprocess.Popen(
            [
                sys.executable,
                *("-m", "celery", "-A", "mentoring", "worker", "-Q", self.queue),
                *("--pool=solo", "--concurrency=1", f"--hostname=soak{door}-{os.getpid()}@%h"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=WARNING"),
            ],
            cwd=BASE_DIR,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def arm(self) -> None:
        """The mail server will hold the next message a worker hands over (see ``kill_held``)."""
        mail = self.mail
        mail.held.clear()
        mail.released.clear()
        mail.held_door = None
        mail.hold_armed = True

    def kill_held(self, timeout: float = 120) -> bool:
        """SIGKILL the worker whose message the server holds (its batch claimed, part of it maybe sent), then
        start it again. False when no message came to hold."""
        mail = self.mail
        try:
            if not mail.held.wait(timeout):
                return False
            door = mail.held_door
            assert door is not None
            self.processes[door].send_signal(signal.SIGKILL)
            self.processes[door].wait(timeout=30)
            self.kills += 1
        finally:
            mail.hold_armed = False
            mail.released.set()
        self.processes[door] = self.start(door)
        return True

    def check_alive(self):
        for door, process in enumerate(self.processes):
            running(process, f"worker {door}", self.logdir / f"worker{door}.log")

    def stop(self):
        stop_all(self.processes)


class Clockwork:
    """Beat and the clock worker (scripts/soak_clock.py): real Celery processes on the soak's moving clock.
    Beat sends each scheduled job when it comes due on that clock: the outbox's sweep to the two e-mail
    workers, every other job (check-ins opened and reminded, digests, reminders, retention...) to the clock
    worker, which runs it on that clock. ``settle`` waits until every job due by now has been run."""

    def __init__(self, logdir: Path, outbox_queue: str):
        self.logdir, self.outbox_queue = logdir, outbox_queue
        self.queue = f"{outbox_queue}-clock"
        self.processes: dict[str, subprocess.Popen] = {}
        self.clock = Clock(logdir / "clock")
        self.lost: set[str] = set()  # sent before Redis was restarted and never started: gone with Redis
        self.read_at = {"published": 0, "done": 0}
        self.published: dict[str, str] = {}  # id: task
        self.started: set[str] = set()
        self.finished: dict[str, str] = {}  # id: state

    @property
    def jobs(self) -> int:
        """How many jobs the clock worker has run."""
        return len(self.finished)

    def set(self, moment: datetime) -> None:
        """The clock's new moment, for both processes (from now in real time: this process's is moved)."""
        from time_machine import escape_hatch

        self.clock.move(moment, escape_hatch.time.time())

    def start(self) -> None:
        environment = {
            **os.environ,
            **WORKER_ENV,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "OUTBOX_SWEEP_SECONDS": "1",
            "EMAIL_URL": "smtp://127.0.0.1:9",  # nothing here sends e-mail: the outbox's tasks go to the workers
        }
        for role in ("beat", "worker"):
            log = (self.logdir / f"clock-{role}.log").open("ab")
            self.processes[role] = subprocess.Popen(
                [sys.executable, str(BASE_DIR / "scripts/soak_clock.py"), role, str(self.logdir), self.outbox_queue],
                cwd=BASE_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def read(self) -> None:
        """What the two processes noted since the last read (whole lines only)."""
        for name in ("published", "done"):
            path = self.logdir / name
            if not path.exists():
                continue
            with path.open("rb") as file:
                file.seek(self.read_at[name])
                data = file.read()
            data = data[: data.rfind(b"\n") + 1]
            self.read_at[name] += len(data)
            for line in data.decode().splitlines():
                first, second = line.split()
                if name == "published":
                    self.published[first] = second
                elif first == "started":
                    self.started.add(second)
                else:
                    self.finished[first] = second

    def idle_since(self) -> float:
        try:
            return float((self.logdir / "idle").read_text())
        except (FileNotFoundError, ValueError):
            return 0.0

    def forget_queued(self) -> None:
        """Redis was stopped: the jobs sent and not yet started went with it (beat sends them again on the
        next day, as it would in production)."""
        self.read()
        self.lost |= set(self.published) - self.started

    def settle(self, moment: datetime, *, during_job: str = "", fault=None, timeout: float = 180) -> None:
        """Wait until beat has sent every job due at ``moment`` and the clock worker has run each one; with
        ``fault``, call it as soon as the clock worker starts the job ``during_job`` (e.g. Redis stopped)."""
        deadline = time.monotonic() + timeout
        while self.idle_since() < moment.timestamp():
            self.check_alive()
            if time.monotonic() > deadline:
                raise Failure(f"beat did not reach {moment:%Y-%m-%d %H:%M} in {timeout:.0f} s")
            time.sleep(0.05)
        self.read()
        awaited = set(self.published) - self.lost - set(self.finished)
        while True:
            self.read()
            if fault is not None:
                begun = [job for job in awaited if job in self.started and self.published[job] == during_job]
                if begun:
                    fault()
                    fault = None
            awaited -= set(self.finished) | self.lost
            if not awaited:
                break
            self.check_alive()
            if time.monotonic() > deadline:
                names = sorted(self.published[job] for job in awaited)
                raise Failure(f"{moment:%Y-%m-%d %H:%M}: the clock worker did not run {names} in {timeout:.0f} s")
            time.sleep(0.05)
        if fault is not None:
            raise Failure(f"{moment:%Y-%m-%d %H:%M}: beat sent no {during_job}")
        failed = {job: state for job, state in self.finished.items() if state != "SUCCESS"}
        if failed:
            log = (self.logdir / "clock-worker.log").read_text(errors="replace")[-3000:]
            raise Failure(f"jobs failed: {[(self.published.get(job), state) for job, state in failed.items()]}:\n{log}")

    def check_alive(self) -> None:
        for role, process in self.processes.items():
            running(process, f"the clock's {role}", self.logdir / f"clock-{role}.log")

    def stop(self) -> None:
        stop_all(self.processes.values())


class Soak:
    def __init__(
        self,
        *,
        months: int,
        seed: int,
        redis: RedisServer,
        mail: MailServer,
        workers: Workers,
        clockwork: Clockwork,
        logdir: Path,
    ):
        import time_machine
        from django.utils import timezone

        self.months, self.seed, self.redis, self.mail, self.workers = months, seed, redis, mail, workers
        self.clockwork = clockwork
        self.rng = random.Random(seed)
        self.logdir = logdir
        self.http = self.http_5xx = 0
        self.redis_restarts = 0
        self.checkins = 0
        self.answers = 0
        self.notebook = 0
        self.meetings_held = 0
        self.closings = 0
        self.erasures = 0
        self.surveys_answered = 0
        self.clients: dict[int, object] = {}
        self.year = timezone.localdate().year - 1  # the last whole program year (it starts in January)
        self.traveller = time_machine.travel(self.at(date(self.year - 1, 12, 10), 9), tick=True)
        self.counter = 0

    # --- the clock ------------------------------------------------------------------------------------------

    @staticmethod
    def at(day: date, hour: int, minute: int = 0) -> datetime:
        from zoneinfo import ZoneInfo

        from django.conf import settings

        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(settings.TIME_ZONE))

    def go(self, day: date, hour: int, minute: int = 0, **fault) -> None:
        """The clock moves on to that moment; beat sends the jobs come due meanwhile, and the clock worker has
        run them when this returns (``fault``: see ``Clockwork.settle``)."""
        moment = self.at(day, hour, minute)
        self.clock.move_to(moment)
        self.clockwork.set(moment)
        self.clockwork.settle(moment, **fault)

    # --- requests, as people make them ------------------------------------------------------------------------

    def client(self, user):
        from django.test import Client

        if user.pk not in self.clients:
            client = Client()
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]

    def request(self, user, method: str, url: str, data: dict | None = None):
        self.http += 1
        try:
            response = getattr(self.client(user), method)(url, data or {}, secure=True)
        except Exception:
            self.http_5xx += 1
            print(f"soak: {method.upper()} {url} raised:\n{traceback.format_exc()}", file=sys.stderr)
            return None
        if response.status_code >= 500:
            self.http_5xx += 1
            print(f"soak: {method.upper()} {url} answered {response.status_code}", file=sys.stderr)
        return response

    # --- the program -------------------------------------------------------------------------------------------

    def person(self, role: str, status: str = "approved"):
        from privacy.services import consent_give
        from profiles.tests.factories import ProfileFactory

        self.counter += 1
        profile = ProfileFactory(
            role=role,
            status=status,
            user__email=f"{role}{self.counter}@soak.example",
            user__name=f"Soak {self.counter}",
            user__password="!soak",  # no usable password: people are logged in as by a session; no hashing
        )
        consent_give(user=profile.user)
        return profile

    def pair(self, coordinator, mentor=None, mentee=None):
        """An application from each side (or the two given), approved by the coordinator, matched and published
        (the introductions)."""
        from matches.services import match_propose, match_publish
        from profiles.services import profile_review

        mentor = mentor or self.person("mentor", "pending")
        mentee = mentee or self.person("mentee", "pending")
        for profile in (mentor, mentee):
            profile_review(profile=profile, status="approved", notes="", reviewer=coordinator)
        match = match_propose(mentee=mentee.user, mentor=mentor.user, by=coordinator, despite_requirements=True)
        match_publish(match=match, by=coordinator)

    def drain(self, what: str, timeout: float = 150) -> None:
        """Wait until the outbox has nothing left to send and the server has every e-mail marked sent."""
        from outbox.models import Message, MessageStatus

        deadline = time.monotonic() + timeout
        while True:
            self.workers.check_alive()
            pending = Message.objects.pending().count()
            sent = {str(u) for u in Message.objects.filter(status=MessageStatus.SENT).values_list("uid", flat=True)}
            with self.mail.lock:
                received = set(self.mail.received)
            if not pending and sent <= received:
                return
            if time.monotonic() > deadline:
                raise Failure(f"{what}: after {timeout:.0f} s, {pending} e-mails still pending, "
                              f"{len(sent - received)} marked sent the server never received")  # fmt: skip
            time.sleep(0.5)

    def redis_restart(self, during=None) -> None:
        """Redis stops; ``during`` runs (its e-mails committed, their "send now" task lost; or a job of the
        clock worker's runs on); Redis starts again. The jobs beat had sent that no worker had started are lost
        with it, as they would be in production (beat sends them again the next day)."""
        self.redis.stop()
        try:
            self.clockwork.forget_queued()
            if during is not None:
                during()
            time.sleep(self.rng.uniform(1, 4))
        finally:
            self.redis.start()
        self.redis_restarts += 1

    @contextlib.contextmanager
    def killing(self, armed: bool, what: str):
        """While the block runs (it writes e-mails), a worker is killed in the middle of sending one."""
        if not armed:
            yield
            return
        outcome: list[bool] = []
        self.workers.arm()
        killer = threading.Thread(target=lambda: outcome.append(self.workers.kill_held()), daemon=True)
        killer.start()
        yield
        killer.join(timeout=180)
        if killer.is_alive() or outcome != [True]:
            raise Failure(f"{what}: no e-mail came for the mail server to hold while a worker was killed")

    def run(self) -> str:
        from checkins.models import CheckIn, CheckInStatus
        from endings.models import Survey
        from endings.services import partnership_close, survey_answer
        from matches.models import CloseReason, Match, MatchStatus
        from meetings.models import Meeting, MeetingStatus
        from meetings.services import meeting_accept, meeting_held, meeting_propose
        from privacy.services import account_erase
        from profiles.services import coordinator_create

        started = time.monotonic()
        self.clock = self.traveller.start()
        try:
            # Beat and the clock worker start on the moving clock (beat's first runs are counted from now).
            self.clockwork.set(self.at(date(self.year - 1, 12, 10), 9))
            self.clockwork.start()
            coordinator, _ = coordinator_create(email="coordinator@soak.example", name="Soak Coordinator")
            for _ in range(10):
                self.pair(coordinator)
            first = date(self.year, 1, 1)
            for index in range(self.months):
                month = date(first.year + (first.month - 1 + index) // 12, (first.month - 1 + index) % 12 + 1, 1)
                self.clients = {}  # a month later, sessions have run out: people log in again
                faults = {
                    "kill": self.rng.choice(["open", "introductions", "close"]),
                    "redis": self.rng.choice([6, 15]),
                }
                print(
                    f"soak: {month:%B %Y}: a worker killed while sending the {faults['kill']} e-mails, "
                    f"Redis restarted on day {faults['redis']} ({time.monotonic() - started:.0f} s)",
                    flush=True,
                )

                # Day 1, 07:00: beat's daily check-in job (07:00) has opened the month (and reminded, and
                # nudged); its other daily jobs have run too, as on every day the clock moves to.
                before = CheckIn.objects.count()
                with self.killing(faults["kill"] == "open", f"{month:%B}, check-ins opened"):
                    self.go(month, 7)
                opened = list(CheckIn.objects.filter(month=month, status=CheckInStatus.OPEN).select_related("person"))
                self.checkins += CheckIn.objects.count() - before

                # Day 2-3: two new applications, the digest, approval and a match.
                self.go(month.replace(day=2), 10)
                applicants = self.person("mentor", "pending"), self.person("mentee", "pending")
                self.go(month.replace(day=3), 9)  # beat's applications digest (08:00) has told the coordinator
                with self.killing(faults["kill"] == "introductions", f"{month:%B}, introductions"):
                    self.pair(coordinator, *applicants)
                active = list(Match.objects.filter(status=MatchStatus.ACTIVE).select_related("mentor", "mentee"))
                meetings = []
                for match in active:
                    if self.rng.random() < 0.3:
                        meeting, _ = meeting_propose(
                            match=match,
                            by=match.mentee,
                            starts_at=self.at(month.replace(day=10), 18),
                            minutes=60,
                            form="video",
                            link="https://meet.example.org/soak",
                        )
                        meeting_accept(meeting=meeting, by=match.mentor)
                        meetings.append(meeting)

                # Day 4, evening: most people answer their check-in; some write in the notebook.
                self.go(month.replace(day=4), 19)
                late = self.answer_all(opened, share=0.75, month=month)
                for match in active:
                    if self.rng.random() < 0.5:
                        self.notebook_write(match, month.replace(day=3))

                # Day 6, 07:00: the reminders (on some months, Redis is stopped as the clock worker starts them).
                if faults["redis"] == 6:
                    reminders = "checkins.tasks.checkins_daily_task"
                    self.go(month.replace(day=6), 7, during_job=reminders, fault=self.redis_restart)
                else:
                    self.go(month.replace(day=6), 7)

                # Day 8: some answer late in the window.
                self.go(month.replace(day=8), 20)
                self.answer_all(late, share=0.5, month=month)

                # Day 9, 09:05: meeting reminders (a day before, at 09:00); day 11: "was it held?"; day 12: it was.
                self.go(month.replace(day=9), 9, 5)
                self.go(month.replace(day=11), 8, 20)
                self.go(month.replace(day=12), 10)
                for meeting in meetings:
                    meeting = Meeting.objects.select_related("match").get(pk=meeting.pk)
                    if (
                        meeting.status == MeetingStatus.ACCEPTED
                        and meeting.match.status == MatchStatus.ACTIVE
                        and meeting_held(
                            meeting=meeting,
                            by=meeting.match.mentor,
                            date=month.replace(day=10),
                            form="video",
                            minutes=60,
                            topics="Soak",
                        )
                    ):
                        self.meetings_held += 1

                # Day 15: a partnership closes (the oldest), with its surveys.
                self.go(month.replace(day=15), 10)
                oldest = Match.objects.filter(status=MatchStatus.ACTIVE).order_by("started_at", "pk").first()

                def close(oldest=oldest):
                    if (
                        oldest is not None
                        and partnership_close(
                            match=oldest, by=oldest.mentor, reason=CloseReason.COMPLETED, note="Our year is done."
                        ).closed
                    ):
                        self.closings += 1

                with self.killing(faults["kill"] == "close", f"{month:%B}, a closing"):
                    if faults["redis"] == 15:
                        self.redis_restart(close)
                    else:
                        close()

                # Day 20: every third month, a mentee asks to be erased (after the outbox is empty: an e-mail
                # in the middle of its SMTP conversation when its person is erased may still go, see the report).
                if index % 3 == 1:
                    self.drain(f"{month:%B}, before the erasure")
                    self.go(month.replace(day=20), 10)
                    mentee = (
                        Match.objects.filter(status=MatchStatus.ACTIVE)
                        .select_related("mentee")
                        .order_by("-started_at", "-pk")[0]
                        .mentee
                    )
                    account_erase(user=mentee, by=coordinator, reason="Asked to be forgotten.")
                    self.erasures += 1

                # Day 25, 07:30: survey reminders (07:30); day 26: some answer; day 28: retention (03:30).
                self.go(month.replace(day=25), 7, 30)
                self.go(month.replace(day=26), 12)
                for survey in Survey.objects.filter(answered_at__isnull=True).order_by("pk"):
                    if self.rng.random() < 0.6 and survey_answer(
                        survey=survey, answer={"rating": self.rng.randint(1, 5), "again": self.rng.random() < 0.8}
                    ):
                        self.surveys_answered += 1
                self.go(month.replace(day=28), 4)
                self.drain(f"{month:%B}")
                self.workers.check_alive()

            self.go(month.replace(day=28), 23)
            self.mail.faults = False
            self.drain("the end", timeout=240)
            time.sleep(3)  # anything sent twice would arrive now
            emails = self.emails_check()
            report = self.report_check()
            access = self.access_check()
            if self.http_5xx:
                raise Failure(f"{self.http_5xx} of {self.http} requests answered 5xx (above)")
        finally:
            self.traveller.stop()
        return (
            f"soak: months={self.months} people={self.counter} checkins={self.checkins} answers={self.answers} "
            f"notebook={self.notebook} meetings_held={self.meetings_held} closings={self.closings} "
            f"erasures={self.erasures} surveys_answered={self.surveys_answered} {emails} http={self.http} "
            f"5xx={self.http_5xx} beat_jobs={self.clockwork.jobs} worker_kills={self.workers.kills} "
            f"redis_restarts={self.redis_restarts} smtp_refusals={self.mail.refusals} smtp_stalls={self.mail.stalls} "
            f"report={report} access={access} "
            f"seed={self.seed} seconds={time.monotonic() - started:.0f}"
        )

    def answer_all(self, checkins, *, share: float, month: date) -> list:
        """Each check-in's person answers it on its page (with ``share`` chance); returns those who did not."""
        from django.urls import reverse

        from checkins.models import CheckIn, CheckInStatus

        unanswered = []
        for checkin in checkins:
            if self.rng.random() >= share:
                unanswered.append(checkin)
                continue
            url = reverse("checkins:answer", args=[checkin.pk])
            self.request(checkin.person, "get", reverse("home"))
            self.request(checkin.person, "get", url)
            if checkin.role == "mentor":
                answer = {
                    "update": "We met and talked about her next steps.",
                    "partnership_status": "going_well",
                    **{f: str(self.rng.choice([0, 0.5, 1, 1.5, 2])) for f in ("hours_in_person", "hours_video")},
                    **dict.fromkeys(("hours_email", "hours_phone", "hours_other"), "0"),
                }
            else:
                answer = {"update": "Going well.", "continues": "yes", "concern": ""}
            self.request(checkin.person, "post", url, answer)
            if CheckIn.objects.filter(pk=checkin.pk, status=CheckInStatus.ANSWERED).exists():
                self.answers += 1
            elif CheckIn.objects.filter(pk=checkin.pk, status=CheckInStatus.OPEN).exists():
                raise Failure(f"{month:%B}: the answer to check-in {checkin.pk} by its person was not saved")
        return unanswered

    def notebook_write(self, match, day: date) -> None:
        from django.urls import reverse

        from checkins.models import NotebookEntry

        before = NotebookEntry.objects.filter(match=match).count()
        url = reverse("checkins:notebook", args=[match.pk])
        self.request(match.mentor, "get", url)
        self.request(
            match.mentor,
            "post",
            url,
            {"date": day.isoformat(), "form": "video", "minutes": 45, "topics": "Next steps", "notes": "Soak."},
        )
        if NotebookEntry.objects.filter(match=match).count() != before + 1:
            raise Failure(f"the notebook entry of match {match.pk} was not saved")
        self.notebook += 1

    # --- the checks ------------------------------------------------------------------------------------------

    def emails_check(self) -> str:
        from collections import Counter

        from outbox.models import Message, MessageStatus

        rows = dict(Message.objects.values_list("uid", "status"))
        by_uid = {str(uid): status for uid, status in rows.items()}
        expected = {uid for uid, status in by_uid.items() if status != MessageStatus.CANCELLED}
        sent = {uid for uid, status in by_uid.items() if status == MessageStatus.SENT}
        with self.mail.lock:
            received = list(self.mail.received)
        counts = Counter(received)
        duplicates = sum(n - 1 for n in counts.values() if n > 1)
        lost = expected - set(received)
        unknown = set(received) - set(by_uid)
        not_marked = set(received) & (set(by_uid) - sent)
        problems = []
        if duplicates:
            problems.append(f"{duplicates} duplicates: {[u for u, n in counts.items() if n > 1][:5]}")
        if lost:
            statuses = Counter(by_uid[u] for u in lost)
            problems.append(f"{len(lost)} lost ({dict(statuses)}): {sorted(lost)[:5]}")
        if unknown:
            problems.append(f"{len(unknown)} received that the outbox does not hold: {sorted(unknown)[:5]}")
        if not_marked:
            problems.append(f"{len(not_marked)} received but not marked sent: {sorted(not_marked)[:5]}")
        if problems:
            raise Failure("e-mails: " + "; ".join(problems))
        cancelled = len(by_uid) - len(expected)
        return (
            f"emails_expected={len(expected)} emails_received={len(set(received))} cancelled={cancelled} "
            f"duplicates={duplicates} lost={len(lost)}"
        )

    def report_check(self) -> str:
        """The program year's figures (reports.figures.year_figures) against counts made with SQL from the tables."""
        from django.db import connection
        from django.utils import timezone

        from checkins.models import HOURS_FIELDS, CheckIn
        from endings.models import Survey
        from matches.models import Match
        from meetings.models import Meeting
        from profiles.models import Profile
        from reports.figures import year_figures

        now = timezone.now()
        figures = year_figures(self.year, now=now)
        start, year_end = self.at(date(self.year, 1, 1), 0), self.at(date(self.year + 1, 1, 1), 0)
        end = min(year_end, now)

        def sql(query: str, *params):
            with connection.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchone()[0]

        profiles, matches, checkins = Profile._meta.db_table, Match._meta.db_table, CheckIn._meta.db_table
        meetings, surveys = Meeting._meta.db_table, Survey._meta.db_table
        answered = sql(
            f"SELECT count(*) FROM {checkins} WHERE month >= %s AND month < %s AND status = 'answered'",
            date(self.year, 1, 1),
            date(self.year + 1, 1, 1),
        )
        counted = sql(
            f"SELECT count(*) FROM {checkins} WHERE month >= %s AND month < %s "
            "AND status IN ('open', 'answered', 'missed')",
            date(self.year, 1, 1),
            date(self.year + 1, 1, 1),
        )
        hours = " + ".join(f"coalesce(sum({h.field}), 0)" for h in HOURS_FIELDS)
        raw = {
            "applications_mentor": sql(
                f"SELECT count(*) FROM {profiles} WHERE role = 'mentor' AND submitted_at >= %s AND submitted_at < %s",
                start,
                year_end,
            ),
            "applications_mentee": sql(
                f"SELECT count(*) FROM {profiles} WHERE role = 'mentee' AND submitted_at >= %s AND submitted_at < %s",
                start,
                year_end,
            ),
            "started": sql(
                f"SELECT count(*) FROM {matches} WHERE started_at >= %s AND started_at < %s", start, year_end
            ),
            "active_at_end": sql(
                f"SELECT count(*) FROM {matches} WHERE started_at < %s AND (closed_at IS NULL OR closed_at >= %s)",
                end,
                end,
            ),
            "closed": sql(
                f"SELECT count(*) FROM {matches} WHERE status = 'closed' AND started_at IS NOT NULL "
                "AND closed_at >= %s AND closed_at < %s",
                start,
                year_end,
            ),
            "response_rate": round(100 * answered / counted) if counted else None,
            "hours_total": Decimal(
                sql(
                    f"SELECT {hours} FROM {checkins} WHERE role = 'mentor' AND status = 'answered' "
                    "AND hours_month >= %s AND hours_month < %s",
                    date(self.year, 1, 1),
                    date(self.year + 1, 1, 1),
                )
            ),
            "meetings_held": sql(
                f"SELECT count(*) FROM {meetings} WHERE status = 'accepted' AND outcome = 'held' "
                "AND starts_at >= %s AND starts_at < %s",
                start,
                year_end,
            ),
            "surveys_answered": sql(
                f"SELECT count(*) FROM {surveys} WHERE program_year = %s AND answered_at IS NOT NULL", self.year
            ),
        }
        mine = {"meetings_held": self.meetings_held, "surveys_answered": self.surveys_answered}
        wrong = []
        for key, value in raw.items():
            shown = figures.values[key].number
            if shown != value:
                wrong.append(f"{key}: the report says {shown}, the tables {value}")
            if key in mine and mine[key] != value:
                wrong.append(f"{key}: the soak made {mine[key]}, the tables hold {value}")
        if wrong:
            raise Failure("report: " + "; ".join(wrong))
        return "ok"

    def access_check(self) -> str:
        """A sample of tests/access_table.py: people of another active pair get 404 for this pair's pages."""
        from django.urls import reverse

        from checkins.models import CheckIn, NotebookEntry
        from endings.models import Survey
        from matches.models import Match, MatchStatus
        from meetings.models import Meeting
        from tests.access_table import OTHER_MENTEE, OTHER_MENTOR, TABLE

        active = list(Match.objects.filter(status=MatchStatus.ACTIVE).select_related("mentor", "mentee"))
        survey = Survey.objects.filter(match__status=MatchStatus.CLOSED).order_by("pk").first()
        if len(active) < 2 or survey is None:
            raise Failure("access: fewer than two active pairs, or no closed one, to try")
        objects = {}
        for match in active:
            entry = NotebookEntry.objects.filter(match=match, removed_at__isnull=True).first()
            meeting = Meeting.objects.filter(match=match).first()
            checkin = CheckIn.objects.filter(match=match).first()
            if entry and meeting and checkin:
                objects = {
                    "match": match.pk,
                    "checkin": checkin.pk,
                    "notebook_entry": entry.pk,
                    "meeting": meeting.pk,
                    "closed_match": survey.match_id,
                    "survey": survey.pk,
                }
                owner = match
                break
        if not objects:
            raise Failure("access: no active pair has a notebook entry, a meeting and a check-in to try")
        others = [m for m in active if m.pk != owner.pk]
        self.clients = {}
        tried = 0
        for name, rule in TABLE.items():
            if rule.public or not rule.args or not set(rule.args.values()) <= set(objects):
                continue
            if OTHER_MENTEE in rule.allowed or OTHER_MENTOR in rule.allowed:
                continue
            url = reverse(name, kwargs={arg: objects[kind] for arg, kind in rule.args.items()})
            other = self.rng.choice(others)
            for person in (other.mentor, other.mentee):
                for method in ["get"] * rule.get + ["post"] * rule.post:
                    response = self.request(person, method, url, {})
                    tried += 1
                    if response is None or response.status_code != 404:
                        status = None if response is None else (response.status_code, response.get("Location"))
                        raise Failure(f"access: {method.upper()} {name} by another pair's {person.email}: {status}")
        if tried < 10:
            raise Failure(f"access: only {tried} requests tried")
        return f"ok({tried})"


def main() -> int:
    months = int(os.environ.get("SOAK_MONTHS", "12"))
    if not 1 <= months <= 12:
        raise SystemExit("SOAK_MONTHS: 1 to 12 (the months of one program year)")
    seed = int(os.environ.get("SOAK_SEED") or random.SystemRandom().randrange(10**6))
    logdir = Path(os.environ.get("SOAK_LOGDIR") or "/tmp") / f"soak-{os.getpid()}"
    logdir.mkdir(parents=True, exist_ok=True)
    print(f"soak: seed={seed} months={months} logs in {logdir}", flush=True)
    redis = RedisServer()
    redis.start()
    queue = f"soak-{os.getpid()}"
    os.environ.update(REDIS_URL=redis.url, CELERY_TASK_DEFAULT_QUEUE=queue)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the access check's 404s are expected
    mail = MailServer(seed, logdir / "received.log")
    workers = Workers(mail, redis.url, queue, logdir)
    clockwork = Clockwork(logdir, queue)
    try:
        line = Soak(
            months=months, seed=seed, redis=redis, mail=mail, workers=workers, clockwork=clockwork, logdir=logdir
        ).run()
    except Failure as failure:
        print(f"soak: FAILED: {failure} (seed={seed}; logs in {logdir})")
        return 1
    finally:
        clockwork.stop()
        workers.stop()
        mail.stop()
        redis.stop()
    print(line)
    shutil.rmtree(logdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
