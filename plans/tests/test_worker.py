"""A3 end to end with real services: the daily task on a Celery worker process, Redis, and SMTP on loopback."""

import os
import time

import pytest
from django.db import connection

from outbox.models import Message, MessageStatus
from plans.models import Checkpoint
from plans.tasks import plans_daily_task
from tests.harness import celery_worker, database_url_of, output_of

from .factories import CheckpointFactory, PlanContentFactory, PlanFactory, days

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


@pytest.fixture
def database_url():
    url = database_url_of(connection.settings_dict)
    if url is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL) so the worker process can see the test database")
    return url


def test_the_checkpoint_reminder_goes_out_once_to_each_partner_even_when_the_daily_task_runs_twice(
    smtp, database_url, match
):
    points = [
        CheckpointFactory(position=1, on=days(3), purpose="Look at the exam dates together"),
        CheckpointFactory(position=2, on=days(30)),
    ]
    plan = PlanFactory(mentee=match.mentee, content=PlanContentFactory(checkpoints=points))
    Message.objects.all().delete()  # the plan's first version, told to the mentor: only the reminders count here

    with celery_worker(smtp_port=smtp.port, database_url=database_url, beat=False) as worker:
        plans_daily_task.delay()
        plans_daily_task.delay()
        if not smtp.inbox.wait_for(2, timeout=90, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 2 e-mails arrived; the worker said:\n{output_of(worker)}")
        time.sleep(3)  # anything sent twice would arrive now

    assert sorted(message["To"] for message in smtp.inbox.messages) == ["an@example.org", "zoe@example.org"]
    [to_mentor] = smtp.inbox.to("zoe@example.org")
    assert to_mentor["Subject"].strip() == f"Nguyễn Văn An's action plan checkpoint on {days(3):%A %-d %B}"
    body = to_mentor.get_body(("plain",)).get_content()
    assert "In 3 days" in body
    assert "Look at the exam dates together" in body
    assert plan.get_absolute_url() in body
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 2
    assert list(Checkpoint.objects.filter(reminded_at__isnull=False).values_list("position", flat=True)) == [1]
