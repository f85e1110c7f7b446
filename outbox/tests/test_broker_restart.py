"""A worker survives its broker's restart while it holds an unacknowledged task (acks_late).

With celery 5.7.0 the worker exited when the connection dropped ("Unrecoverable error: AttributeError(
"'NoneType' object has no attribute 'hostname'")" from kombu's ``restore_unacked_once``: after collecting
the dead connection it closes it again, and the second close tries to give the unacknowledged task back
through a transport it has already let go), and the e-mails committed while Redis was down were never
sent. requirements.txt pins a pair that reconnects. This test restarts a Redis of its own under a real
worker (prefork, as in production) that is in the middle of a slow batch.
"""

import os
import subprocess
import sys
import time

import pytest
from django.utils import timezone

from checkins.models import CheckIn
from matches.tests.factories import MatchFactory
from outbox.models import Message, MessageStatus
from tests.harness import BASE_DIR, RedisServer, celery_worker, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


def wait_until(condition, timeout: float, worker=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker is not None and worker.poll() is not None:
            return False
        time.sleep(0.1)
    return condition()


def test_a_worker_holding_a_task_survives_a_redis_restart_and_sends_what_was_committed_meanwhile(smtp, database_url):
    before = [
        Message.objects.create(to=[f"early{n}@example.org"], subject=f"Early {n}", text="x", due_at=timezone.now())
        for n in range(6)
    ]
    matches = [MatchFactory() for _ in range(5)]
    smtp.inbox.delay = 0.5  # a slow mail server: the batch takes seconds, its task stays unacknowledged
    redis = RedisServer()
    redis.start()
    try:
        with celery_worker(
            smtp_port=smtp.port, database_url=database_url, beat=True, redis_url=redis.url, concurrency=2
        ) as worker:
            # The sweep's task is taken and the batch begins: the worker holds an unacknowledged task.
            if not smtp.inbox.wait_for(1, timeout=60, process=worker):
                pytest.fail(f"the worker did not start sending; it said:\n{output_of(worker)}")
            assert Message.objects.filter(status=MessageStatus.SENDING).exists(), "mid-batch"
            redis.stop()
            # Check-ins open in another process while the broker is down: rows and e-mails are committed,
            # the "send now" task cannot be queued.
            opened = subprocess.run(
                [sys.executable, "manage.py", "send_checkins"],
                cwd=BASE_DIR,
                capture_output=True,
                text=True,
                timeout=120,
                env={
                    **os.environ,
                    "DATABASE_URL": database_url,
                    "REDIS_URL": redis.url,
                    "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
                },
            )
            assert opened.returncode == 0, opened.stderr
            assert CheckIn.objects.count() == 10
            time.sleep(3)  # the worker notices the lost connection
            redis.start()

            everyone = len(before) + 10
            arrived = smtp.inbox.wait_for(everyone, timeout=90, process=worker)
            assert worker.poll() is None, f"the worker exited; it said:\n{output_of(worker)}"
            assert arrived, f"{len(smtp.inbox.messages)} of {everyone} e-mails arrived:\n{output_of(worker)}"
            time.sleep(3)  # anything sent twice would arrive now
            assert worker.poll() is None, f"the worker exited; it said:\n{output_of(worker)}"
    finally:
        redis.stop()

    received = sorted(m["To"] for m in smtp.inbox.messages)
    people = [m.mentor.email for m in matches] + [m.mentee.email for m in matches]
    assert received == sorted([f"early{n}@example.org" for n in range(6)] + people), "each e-mail exactly once"
    assert Message.objects.filter(status=MessageStatus.SENT).count() == len(before) + 10
