"""Real services for tests: an SMTP server on loopback, a Redis server of the test's own, a Celery
worker process, and a scripted e-mail backend for in-process tests."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parent.parent
logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP line at INFO


class Inbox:
    """Collects every message the SMTP server accepts.

    ``refuse`` (a callable(count) -> bool, asked before each message) makes it answer ``refusal``
    instead (421 unless told); addresses in ``unknown`` are refused for good (550) at RCPT;
    ``delay`` seconds pass before each message is accepted.
    """

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.refuse = None
        self.refusal = "421 Service not available, closing transmission channel"
        self.unknown: set[str] = set()
        self.delay = 0.0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.unknown:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            if self.refuse and self.refuse(len(self.messages)):
                return self.refusal
            self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 90, process: subprocess.Popen | None = None) -> bool:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                return False
            time.sleep(0.1)
        return len(self.messages) >= count

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        self.controller.stop()


class RedisServer:
    """A Redis server of the test's own, on its own port, that the test can stop and start again."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self):
        executable = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class SilentServer:
    """A server that accepts TCP connections and never says a word: a mail server that stalls."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(16)
        self.port = self.socket.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections.append(connection)

    def close(self):
        self.socket.close()
        for connection in self.connections:
            connection.close()


@contextmanager
def celery_settings(**values):
    """Change the Celery app's settings for a while (``task_always_eager=False``, ...), then put them back.

    The app reads Django's ``CELERY_*`` settings (namespace "CELERY"), and celery 5.6 looks the namespaced
    key up first: a change under the plain name (``app.conf.task_always_eager = False``) is not seen. So
    the namespaced key is what is changed.
    """
    from mentoring.celery import app

    keys = {name: f"CELERY_{name.upper()}" for name in values}
    saved = {name: app.conf.get(key) for name, key in keys.items()}
    for name, value in values.items():
        app.conf[keys[name]] = value
    try:
        yield app.conf
    finally:
        for name, value in saved.items():
            app.conf[keys[name]] = value


def database_url_of(settings_dict) -> str | None:
    """A DATABASE_URL for another process to reach the test database (PostgreSQL only)."""
    if "postgresql" not in settings_dict["ENGINE"]:
        return None
    user = settings_dict.get("USER") or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    at = f"{user}{password}@" if user else ""
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgres://{at}{host}:{port}/{settings_dict['NAME']}"


@contextmanager
def celery_worker(
    *,
    smtp_port: int,
    database_url: str | None = None,
    concurrency: int = 1,
    beat: bool = False,
    redis_url: str | None = None,
    env: dict | None = None,
    queue: str | None = None,
):
    """A Celery worker process on its own queue, sending mail to ``smtp_port``; tasks are routed to it.

    With ``beat``, the worker runs the beat schedule too, with the outbox swept every second
    and retries after a second, so a test sees in seconds what production does in minutes.
    """
    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    environment = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "OUTBOX_SWEEP_SECONDS": "1",
        "OUTBOX_RETRY_SECONDS": "1",
        **(env or {}),
    }
    if database_url:
        environment["DATABASE_URL"] = database_url
    if redis_url:
        environment["REDIS_URL"] = redis_url
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "mentoring",
        "worker",
        "-Q",
        queue,
        f"--concurrency={concurrency}",
        "--pool=prefork" if concurrency > 1 else "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "--loglevel=INFO",
    ]
    schedule = None
    if beat:
        schedule = Path(tempfile.mkdtemp()) / "beat-schedule"
        command += ["--beat", f"--schedule-filename={schedule}"]
    process = subprocess.Popen(command, cwd=BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _drain(process)
    routed = {"task_always_eager": False, "task_default_queue": queue}
    if redis_url:
        routed["broker_url"] = redis_url
    try:
        with celery_settings(**routed):
            yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        if schedule is not None:
            shutil.rmtree(schedule.parent, ignore_errors=True)


def _drain(process: subprocess.Popen) -> None:
    """Read the worker's output as it comes: a pipe nobody reads fills up (64 KiB of tracebacks while
    Redis is down) and the worker then hangs on its next log line. With WORKER_LOG set, every line is
    also appended to that file (to read a failed run's whole story)."""
    stream, lines = process.stdout, []
    assert stream is not None

    def read():
        for line in stream:
            lines.append(line)
            if os.environ.get("WORKER_LOG"):
                with open(os.environ["WORKER_LOG"], "ab") as log:
                    log.write(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    process.output = (reader, lines)  # type: ignore[attr-defined]


def output_of(process: subprocess.Popen) -> str:
    """The last lines a worker wrote (it is stopped first)."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    output = getattr(process, "output", None)
    if output is None:
        try:
            return process.communicate(timeout=20)[0].decode(errors="replace")[-4000:]
        except (subprocess.TimeoutExpired, ValueError):
            return "(no output)"
    reader, lines = output
    reader.join(timeout=10)
    return b"".join(lines).decode(errors="replace")[-4000:]


def browser_log_in(page, base_url: str, email: str, password: str) -> None:
    """Log in through the real login page, as a person would; with two-factor on (coordinators), the code
    their authenticator app would show is typed too."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        page.locator('input[name="code"]').fill(fresh_totp_code(email))
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


_codes_used: dict[str, int] = {}


def fresh_totp_code(email: str) -> str:
    """The authenticator code of ``email``'s two-factor key; a code is accepted once, so a second login
    in the same 30 seconds waits for the next one."""
    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    from profiles.mfa import totp_code

    secret = decrypt(Authenticator.objects.get(user__email__iexact=email, type=Authenticator.Type.TOTP).data["secret"])
    period = app_settings.TOTP_PERIOD
    if _codes_used.get(email) == int(time.time()) // period:
        time.sleep(period - time.time() % period + 0.1)
    _codes_used[email] = int(time.time()) // period
    return totp_code(secret)


class ScriptedBackend:
    """An e-mail backend for in-process tests that fails as told, per recipient.

    ``ScriptedBackend.script`` maps an address to an exception (raised every
    time) or a list of exceptions (raised in turn, then success); ``connect``
    is raised when the connection opens. Delivered messages go to ``sent``.
    """

    script: dict = {}
    connect: BaseException | None = None
    sent: list = []

    def __init__(self, *args, fail_silently=False, **kwargs):
        self.fail_silently = fail_silently

    def open(self):
        if ScriptedBackend.connect is not None:
            raise ScriptedBackend.connect
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            for address in message.to:
                outcome = ScriptedBackend.script.get(address)
                if isinstance(outcome, list):
                    outcome = outcome.pop(0) if outcome else None
                if outcome is not None:
                    raise outcome
            ScriptedBackend.sent.append(message)
        return len(messages)

    @classmethod
    def reset(cls):
        cls.script, cls.connect, cls.sent = {}, None, []
