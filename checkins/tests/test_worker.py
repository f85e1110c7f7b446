"""C1 end to end with real services: Celery beat's task on a worker process, Redis, and SMTP on loopback."""

import os
import re
import time
from decimal import Decimal

import pytest
from django.utils import timezone

from checkins.models import CheckIn, CheckInStatus
from checkins.tasks import checkins_daily_task
from matches.tests.factories import MatchFactory
from outbox.models import Message, MessageStatus
from profiles.models import ProgramSettings
from tests.harness import celery_worker, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]
LINK = re.compile(r"https?://[^\s]+(/checkins/\d+/[^\s]+/)")


@pytest.fixture
def checkin_day_passed():
    """The check-in day on the 1st: on any day of any month it has come (the daily job opens the month on
    the check-in day or, if that was missed, on any later day). The worker is a process of its own, on
    the real clock, so the test cannot freeze its date: it chooses one that holds whatever today is."""
    program = ProgramSettings.load()
    program.checkin_day = 1
    program.save()
    return program


def test_the_beat_task_delivers_the_emails_and_the_link_takes_an_answer(client, smtp, database_url, checkin_day_passed):
    matches = [MatchFactory() for _ in range(3)]

    with celery_worker(smtp_port=smtp.port, database_url=database_url) as worker:
        checkins_daily_task.delay()
        # Six check-ins, and six nudges: these matches have logged no contact in their two months.
        if not smtp.inbox.wait_for(12, timeout=90, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 12 e-mails arrived; the worker said:\n{output_of(worker)}")

    mentor = matches[0].mentor
    [message] = [m for m in smtp.inbox.to(mentor.email) if "check-in" in m["Subject"]]
    path = LINK.search(message.get_body(("plain",)).get_content()).group(1)
    page = client.get(path)
    assert "Hours spent mentoring in" in page.content.decode()
    client.post(
        path,
        {
            "update": "Good month.",
            "partnership_status": "going_well",
            "hours_in_person": "2",
            "hours_email": "0.5",
            "hours_video": "1",
            "hours_phone": "0",
            "hours_other": "0",
        },
    )

    checkin = CheckIn.objects.get(person=mentor)
    assert (checkin.status, checkin.total_hours) == (CheckInStatus.ANSWERED, Decimal("3.5"))
    assert "3.5 h" in client.get(path).content.decode()
    assert Message.objects.filter(status=MessageStatus.SENT, key__startswith="checkins.open:").count() == 6


def test_smtp_failing_part_way_is_retried_and_everyone_gets_exactly_one_email(smtp, database_url):
    matches = [MatchFactory() for _ in range(5)]
    stopped: list[float] = []

    def refuse_the_fourth(count):
        # The server goes down after three messages: it refuses the fourth, then stops for a while.
        if count == 3 and not stopped:
            stopped.append(time.monotonic())
            return True
        return False

    smtp.inbox.refuse = refuse_the_fourth
    with celery_worker(smtp_port=smtp.port, database_url=database_url, beat=True) as worker:
        from checkins.services import checkins_open_month

        checkins_open_month(month=timezone.localdate())
        deadline = time.monotonic() + 30
        while not stopped and time.monotonic() < deadline:
            time.sleep(0.05)
        assert stopped, f"the server was never reached; the worker said:\n{output_of(worker)}"
        smtp.stop()
        time.sleep(3)
        smtp.start()
        if not smtp.inbox.wait_for(10, timeout=120, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 10 e-mails arrived; the worker said:\n{output_of(worker)}")
        time.sleep(2)  # anything sent twice would arrive now

    people = [m.mentor.email for m in matches] + [m.mentee.email for m in matches]
    assert sorted(message["To"] for message in smtp.inbox.messages) == sorted(people)
    assert Message.objects.exclude(status=MessageStatus.SENT).count() == 0
