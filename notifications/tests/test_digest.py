"""The daily digest: one e-mail per person and day with what happened, through the outbox, however often
the job runs."""

import os
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentoring.tasks import notifications_digest_task
from notifications.kinds import Delivery
from notifications.models import Notification
from notifications.services import digests_send, notify, preferences_set
from outbox.models import Message
from outbox.sending import outbox_flush
from profiles.tests.factories import ProfileFactory
from tests.harness import celery_worker, output_of

PROGRAM = {"program_name": "Bridges Mentoring", "contact_name": "", "contact_email": "", "contact_phone": ""}


def on_digest(user):
    preferences_set(user_id=user.pk, deliveries={"plans.comment": Delivery.DIGEST, "plans.shared": Delivery.DIGEST})


@pytest.mark.django_db
def test_the_digest_gathers_the_days_news_in_one_email_once_however_often_the_job_runs(mentor, mentee):
    on_digest(mentor)
    notify(mentor, "plans.comment", text="Mira Mentee replied on the plan.", url="/plans/1/comments/", key="a")
    notify(mentor, "plans.shared", text="Mira Mentee saved version 3 of the action plan.", url="/plans/1/", key="b")
    notify(mentee, "plans.comment", text="Morgan commented on your plan.", key="c")  # at once (no e-mail given)

    assert digests_send(program=PROGRAM) == 1
    assert digests_send(program=PROGRAM) == 0
    outbox_flush()

    [digest] = mail.outbox
    assert digest.to == ["mentor@example.org"]
    assert digest.subject == "2 things new in Bridges Mentoring"
    assert "Mira Mentee replied on the plan." in digest.body
    assert "Mira Mentee saved version 3 of the action plan." in digest.body
    assert "http://127.0.0.1:8000/plans/1/comments/" in digest.body
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "You receive this e-mail because you chose a daily digest" in digest.body


@pytest.mark.django_db
def test_news_after_the_days_digest_waits_for_tomorrows(mentor):
    on_digest(mentor)
    now = timezone.now().replace(hour=17, minute=0)
    with time_machine.travel(now, tick=False):
        notify(mentor, "plans.comment", text="First.", key="a")
        digests_send(program=PROGRAM)
    with time_machine.travel(now + timedelta(hours=2), tick=False):
        notify(mentor, "plans.comment", text="Second.", key="b")
        assert digests_send(program=PROGRAM) == 0  # today's is written: this one waits
    with time_machine.travel(now + timedelta(days=1), tick=False):
        assert digests_send(program=PROGRAM) == 1
        outbox_flush()

    assert ["Second." in m.body for m in mail.outbox] == [False, True]
    assert Notification.objects.digest_pending().count() == 0


@pytest.mark.django_db
def test_nobody_without_waiting_news_gets_a_digest(mentor):
    notify(mentor, "plans.comment", text="At once.", key="a")
    assert digests_send(program=PROGRAM) == 0
    assert not Message.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis")
def test_a_real_worker_sends_one_digest_per_person_even_when_the_job_runs_twice(smtp, database_url):
    people = [ProfileFactory(mentor=True).user for _ in range(4)]
    for person in people:
        on_digest(person)
        notify(person, "plans.comment", text="Someone replied on the plan.", key="a")
        notify(person, "plans.shared", text="A new version of the plan.", key="b")

    with celery_worker(smtp_port=smtp.port, database_url=database_url, concurrency=2) as worker:
        notifications_digest_task.delay()
        notifications_digest_task.delay()
        if not smtp.inbox.wait_for(4, timeout=60, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 4 digests arrived; the worker said:\n{output_of(worker)}")
        time.sleep(3)  # a second digest would arrive now

    received = sorted(message["To"] for message in smtp.inbox.messages)
    assert received == sorted(person.email for person in people)
