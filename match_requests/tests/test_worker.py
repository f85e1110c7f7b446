"""M8's expiry with real services: beat's job on a Celery worker process passes a request on exactly once."""

import os
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from match_requests import services
from match_requests.models import Choice, ChoiceStatus
from match_requests.tasks import requests_expire_task
from tests.harness import celery_worker, output_of

from .factories import mentee, mentor, requests_on

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


def test_beat_runs_the_expiry_and_a_request_passes_on_exactly_once(smtp, database_url):
    job = settings.CELERY_BEAT_SCHEDULE["requests-expire"]
    assert job["task"] == requests_expire_task.name
    requests_on()
    grace, lukasz = mentor("Grace Okafor", user__email="grace@example.org"), mentor("Łukasz Nowak")
    aisha = mentee("Aisha Rahman", user__email="aisha@example.org")
    services.request_send(mentee=aisha, mentor_ids=[grace.pk, lukasz.pk])
    Choice.objects.filter(mentor=grace).update(deadline=timezone.now() - timedelta(minutes=1))
    smtp.inbox.messages.clear()

    with celery_worker(smtp_port=smtp.port, database_url=database_url, concurrency=2) as worker:
        # Twice at once, as a retried task or two beats would: the second finds nothing to do.
        for _ in range(2):
            requests_expire_task.delay()
        # Aisha told and Łukasz asked.
        if not smtp.inbox.wait_for(2, timeout=90, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 2 e-mails arrived; the worker said:\n{output_of(worker)}")
        time.sleep(3)  # anything sent twice would arrive now

    assert dict(Choice.objects.values_list("mentor__name", "status")) == {
        "Grace Okafor": ChoiceStatus.EXPIRED,
        "Łukasz Nowak": ChoiceStatus.ASKED,
    }
    assert len(smtp.inbox.to("aisha@example.org")) == 1
    assert "your next choice" in smtp.inbox.to("aisha@example.org")[0]["Subject"]
    assert len(smtp.inbox.to(lukasz.email)) == 1
