"""M3 with real services: the bulk proposal runs on a Celery worker process while the page shows its progress."""

import os
import time

import pytest
from django.db import connection
from django.urls import reverse

from matches.models import Match, ProposalRun, RunStatus
from profiles.tests.factories import ProfileFactory
from tests.harness import celery_worker, database_url_of, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


def test_the_proposal_runs_on_a_worker_and_the_page_follows_it_to_the_drafts(client, coordinator, smtp):
    database_url = database_url_of(connection.settings_dict)
    if database_url is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL) so the worker process can see the test database")
    for _ in range(3):
        ProfileFactory(mentor=True, capacity=2)
    for _ in range(5):
        ProfileFactory()
    client.force_login(coordinator)

    with celery_worker(smtp_port=smtp.port, database_url=database_url) as worker:
        response = client.post(reverse("matches:propose_bulk"), {"min_score": 0})
        progress = response.url
        run = ProposalRun.objects.get()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            run.refresh_from_db()
            if run.is_finished:
                break
            page = client.get(progress)
            if page.status_code == 302:  # it finished between the row read above and this page
                run.refresh_from_db()
                assert run.is_finished, run.status
                assert page.url.endswith("#drafts-title"), page.url
                break
            assert page.status_code == 200
            assert "Working on it" in page.content.decode()
            time.sleep(0.2)
        else:
            pytest.fail(f"the proposal did not finish; the worker said:\n{output_of(worker)}")

    assert run.status == RunStatus.DONE, run.error
    finished = client.get(progress, follow=True).content.decode()
    assert "5 draft matches proposed" in finished
    assert Match.objects.proposed().count() == 5
