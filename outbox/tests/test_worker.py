"""O1 with real services and injected faults: a Celery worker process on Redis, an SMTP server on loopback.

Each test checks that every person gets exactly one e-mail (one Message-ID each; a copy
after a crash between the server's "250" and the commit would carry the same one), or
that the one that cannot be delivered is kept as failed with the server's answer.
"""

import os
import signal
import subprocess
import sys
import time
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone

from checkins.models import CheckIn
from checkins.services import checkins_open_month
from matches.tests.factories import MatchFactory
from outbox.models import Message, MessageStatus
from tests.harness import BASE_DIR, RedisServer, SilentServer, celery_worker, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


def people_of(matches) -> list[str]:
    return sorted([m.mentor.email for m in matches] + [m.mentee.email for m in matches])


def message_ids_by_person(inbox) -> dict[str, set[str]]:
    ids = defaultdict(set)
    for message in inbox.messages:
        ids[message["To"]].add(message["Message-ID"])
    return ids


def assert_exactly_one_each(inbox, people):
    ids = message_ids_by_person(inbox)
    assert sorted(ids) == people, "everyone got an e-mail, nobody else did"
    assert all(len(found) == 1 for found in ids.values()), {p: found for p, found in ids.items() if len(found) > 1}
    assert Message.objects.filter(status=MessageStatus.SENT).count() == len(people)


def wait_until(condition, timeout: float, worker=None) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if worker is not None and worker.poll() is not None:
            return False
        time.sleep(0.2)
    return condition()


def test_redis_down_when_the_month_opens_delays_the_emails_by_a_few_sweeps_never_loses_them(smtp, database_url):
    matches = [MatchFactory() for _ in range(10)]
    redis = RedisServer()
    redis.start()
    try:
        with celery_worker(smtp_port=smtp.port, database_url=database_url, beat=True, redis_url=redis.url) as worker:
            redis.stop()
            # The month opens in another process whose broker is down: the check-ins and their
            # e-mails are written, the "send now" task cannot be queued.
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
            assert CheckIn.objects.count() == 20
            time.sleep(3)
            assert smtp.inbox.messages == [], "nothing can be sent while Redis is down"
            redis.start()
            if not smtp.inbox.wait_for(20, timeout=90, process=worker):
                pytest.fail(f"{len(smtp.inbox.messages)} of 20 e-mails arrived; the worker said:\n{output_of(worker)}")
            time.sleep(3)  # anything sent twice would arrive now
    finally:
        redis.stop()

    assert_exactly_one_each(smtp.inbox, people_of(matches))


def test_a_worker_killed_mid_batch_leaves_nothing_behind_for_long(smtp, database_url):
    matches = [MatchFactory() for _ in range(15)]
    smtp.inbox.delay = 0.15  # a slow server, so the kill lands in the middle of a batch
    fast_sweep = {"OUTBOX_CLAIM_TIMEOUT": "5"}
    with celery_worker(smtp_port=smtp.port, database_url=database_url, env=fast_sweep) as worker:
        checkins_open_month(month=timezone.localdate())
        if not smtp.inbox.wait_for(5, timeout=60, process=worker):
            pytest.fail(f"the worker did not start sending; it said:\n{output_of(worker)}")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    received_before = len(smtp.inbox.messages)
    assert received_before < 30, "the kill came before the end of the batch"

    started = time.monotonic()
    with celery_worker(smtp_port=smtp.port, database_url=database_url, beat=True, env=fast_sweep) as worker:
        if not smtp.inbox.wait_for(30, timeout=90, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 30 e-mails arrived; the worker said:\n{output_of(worker)}")
        waited = time.monotonic() - started
        time.sleep(3)

    assert waited < 60, "within a few sweep periods, not the broker's hour"
    assert_exactly_one_each(smtp.inbox, people_of(matches))


def test_an_address_refused_for_good_fails_alone_and_the_coordinator_sees_why(client, coordinator, smtp, database_url):
    matches = [MatchFactory() for _ in range(4)]
    refused = matches[1].mentee.email
    smtp.inbox.unknown = {refused}

    with celery_worker(smtp_port=smtp.port, database_url=database_url) as worker:
        checkins_open_month(month=timezone.localdate())
        if not smtp.inbox.wait_for(7, timeout=60, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 7 e-mails arrived; the worker said:\n{output_of(worker)}")
        assert wait_until(lambda: Message.objects.filter(status=MessageStatus.FAILED).exists(), 30, worker)
        time.sleep(2)

    assert sorted(message_ids_by_person(smtp.inbox)) == [p for p in people_of(matches) if p != refused]
    failed = Message.objects.get(status=MessageStatus.FAILED)
    assert failed.to == [refused]
    assert "550 5.1.1" in failed.error
    assert "User unknown" in failed.error
    assert failed.attempts == 1, "a permanent refusal is not retried"

    client.force_login(coordinator)
    page = client.get(reverse("checkins:coordinator")).content.decode()
    assert "failed" in page
    assert "User unknown" in page
    dashboard = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'data-figure="failed-emails">1<' in dashboard


def test_a_mail_server_that_never_answers_is_given_up_on_and_tried_again(smtp, database_url):
    [match] = [MatchFactory()]
    silent = SilentServer()
    try:
        with celery_worker(
            smtp_port=silent.port, database_url=database_url, beat=True, env={"EMAIL_TIMEOUT": "2"}
        ) as worker:
            started = time.monotonic()
            checkins_open_month(month=timezone.localdate())
            tried = wait_until(lambda: Message.objects.filter(attempts__gte=2).count() == 2, 40, worker)
            assert tried, f"the messages were not tried again; the worker said:\n{output_of(worker)}"
            assert time.monotonic() - started < 40
    finally:
        silent.close()

    for message in Message.objects.all():
        assert message.status == MessageStatus.QUEUED
        assert "did not answer in time" in message.error

    # The mail server answers again: the same messages go out, once each.
    with celery_worker(smtp_port=smtp.port, database_url=database_url, beat=True) as worker:
        Message.objects.update(due_at=timezone.now())
        if not smtp.inbox.wait_for(2, timeout=60, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 2 e-mails arrived; the worker said:\n{output_of(worker)}")
        time.sleep(2)
    assert_exactly_one_each(smtp.inbox, people_of([match]))


def test_a_temporary_refusal_for_longer_than_ten_tries_is_retried_until_the_server_accepts(smtp, database_url):
    [match] = [MatchFactory()]
    refusals: list[int] = []

    def greylist(count):
        # 451 to the first twelve tries (the outbox used to give up after ten), then accept.
        if len(refusals) < 12:
            refusals.append(count)
            return True
        return False

    smtp.inbox.refuse, smtp.inbox.refusal = greylist, "451 4.7.1 Greylisted, try again later"
    quick_retries = {"OUTBOX_RETRY_SECONDS": "0.2", "OUTBOX_RETRY_MAX_SECONDS": "0.5"}
    with celery_worker(smtp_port=smtp.port, database_url=database_url, beat=True, env=quick_retries) as worker:
        checkins_open_month(month=timezone.localdate())
        if not smtp.inbox.wait_for(2, timeout=90, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 2 e-mails arrived; the worker said:\n{output_of(worker)}")
        time.sleep(2)

    assert len(refusals) == 12
    assert_exactly_one_each(smtp.inbox, people_of([match]))
    assert sum(m.attempts for m in Message.objects.all()) == 12 + 2, "each refusal was one try"
