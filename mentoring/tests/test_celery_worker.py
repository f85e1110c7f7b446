"""E-mail goes through a real Celery worker process on Redis to a real SMTP server."""

import os
import socket
import subprocess
import sys
import time
import uuid
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from mentoring.celery import app as celery_app
from mentoring.emails import send_email

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db,
    pytest.mark.skipif(not REDIS_URL, reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


@pytest.fixture
def worker(smtp_server):
    """A Celery worker in its own process, on a queue of its own, sending to the test's SMTP server."""
    controller, _ = smtp_server
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{controller.port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "mentoring", "worker", "--pool=solo", "-Q", queue,
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.task_default_queue
    conf.task_always_eager, conf.task_default_queue = False, queue
    try:
        yield process
    finally:
        conf.task_always_eager, conf.task_default_queue = saved
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_worker_process_delivers_the_email(worker, smtp_server, django_capture_on_commit_callbacks):
    _, inbox = smtp_server

    with django_capture_on_commit_callbacks(execute=True):
        send_email(
            name="profiles/invitation",
            to=["amira@example.org"],
            context={"invitation": {"name": "Amira Haddad"}, "link": "/invitation/abc/", "role_label": "mentee"},
        )

    deadline = time.monotonic() + 60
    while not inbox.messages and time.monotonic() < deadline and worker.poll() is None:
        time.sleep(0.2)
    if not inbox.messages:
        worker.terminate()
        output = worker.communicate(timeout=20)[0].decode(errors="replace")
        pytest.fail(f"no e-mail arrived; the worker said:\n{output[-3000:]}")
    message = inbox.messages[0]
    assert message["To"] == "amira@example.org"
    assert "invited" in message["Subject"]
    assert "Hello Amira Haddad" in message.get_body(("plain",)).get_content()
    assert "Accept the invitation" in message.get_body(("html",)).get_content()
