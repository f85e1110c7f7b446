"""E2 through real services: the survey e-mail goes once, through a Celery worker on Redis, even when retried."""

import os
import re
import time

import pytest

from endings.models import Survey
from endings.services import _surveys_send, partnership_close
from matches.tests.factories import MatchFactory
from outbox.tasks import outbox_flush_task
from profiles.models import ProgramSettings
from tests.harness import celery_worker, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


def test_the_survey_email_goes_once_even_when_retried(client, smtp, database_url, coordinator):
    match = MatchFactory()

    with celery_worker(smtp_port=smtp.port, database_url=database_url) as worker:
        partnership_close(match=match, by=coordinator, reason="completed")
        if not smtp.inbox.wait_for(4, timeout=60, process=worker):  # two "closed" e-mails, two surveys
            pytest.fail(f"{len(smtp.inbox.messages)} of 4 e-mails arrived; the worker said:\n{output_of(worker)}")
        match.refresh_from_db()
        _surveys_send(match, ProgramSettings.load())  # the step run again, as a retried task would
        partnership_close(match=match, by=coordinator, reason="completed")  # and the whole close
        outbox_flush_task.delay()
        outbox_flush_task.delay()
        time.sleep(4)

    surveys = [m for m in smtp.inbox.messages if "how did your partnership" in m["Subject"]]
    assert sorted(m["To"] for m in surveys) == sorted([match.mentor.email, match.mentee.email])
    assert Survey.objects.count() == 2
    path = re.search(r"https?://[^\s]+(/surveys/\d+/[^\s]+/)", surveys[0].get_body(("plain",)).get_content()).group(1)
    assert "How did the partnership go?" in client.get(path).content.decode()
