"""/health/: each part checked, 503 when one fails, the scheduler's heartbeat missed after 26 hours, e-mails
that no worker takes."""

from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from unittest import mock

import pytest
import time_machine
from django.urls import reverse

from health.models import Heartbeat
from health.tasks import heartbeat_task
from outbox.models import Message, MessageStatus

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 10, 12, 0, tzinfo=dt_timezone.utc)


def test_a_healthy_installation_answers_ok_with_every_check_named(client):
    with time_machine.travel(NOON, tick=False):
        heartbeat_task()
    with time_machine.travel(NOON + timedelta(hours=25), tick=False):
        response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "storage", "scheduler_heartbeat", "outbox"}
    assert all(check["ok"] for check in body["checks"].values())
    assert "last ran 25 h ago (limit 26 h), ok" in body["checks"]["scheduler_heartbeat"]["detail"]
    assert body["checks"]["storage"]["detail"] == "wrote, read and deleted a probe"
    assert body["checks"]["outbox"]["detail"] == "no e-mail has been due for more than 5 minutes"
    assert "no-cache" in response["Cache-Control"]


def test_a_heartbeat_older_than_26_hours_is_unhealthy_and_says_so(client):
    with time_machine.travel(NOON, tick=False):
        heartbeat_task()
    with time_machine.travel(NOON + timedelta(hours=26, minutes=1), tick=False):
        response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unhealthy"
    assert body["checks"]["scheduler_heartbeat"] == {
        "ok": False,
        "ms": body["checks"]["scheduler_heartbeat"]["ms"],
        "detail": "the scheduler's daily job last ran 26 h ago (limit 26 h), stale: is celery beat running?",
    }
    assert all(body["checks"][name]["ok"] for name in ("database", "cache", "broker", "storage"))


def test_a_new_installation_has_a_heartbeat_from_its_migration_and_a_missing_one_is_unhealthy(client):
    assert Heartbeat.objects.filter(name="scheduler").exists(), "the migration writes the first beat"
    assert client.get("/health/").status_code == 200

    Heartbeat.objects.all().delete()
    body = client.get("/health/").json()

    assert body["checks"]["scheduler_heartbeat"]["detail"] == "the scheduler (celery beat) has never run its daily job"


def test_the_daily_job_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "health.tasks.heartbeat_task" in tasks


def test_a_failing_part_is_named_without_its_error_message(client, settings):
    settings.CELERY_BROKER_URL = "redis://:hunter2-secret@127.0.0.1:1/0"  # nothing listens on port 1

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {
        "ok": False,
        "ms": response.json()["checks"]["broker"]["ms"],
        "detail": "failed: ConnectionError",
    }
    assert b"hunter2" not in response.content
    assert b"127.0.0.1" not in response.content


def test_a_storage_that_loses_bytes_is_unhealthy(client):
    with mock.patch("health.checks.storages") as storages:
        store = storages.__getitem__.return_value
        store.save.return_value = "health/probe.txt"
        store.open.return_value.__enter__.return_value.read.return_value = b"other"
        body = client.get("/health/").json()

    assert body["checks"]["storage"] == {
        "ok": False,
        "detail": "read back other bytes than written",
        "ms": body["checks"]["storage"]["ms"],
    }
    store.delete.assert_called_once_with("health/probe.txt")


def test_the_coordinators_dashboard_warns_when_the_heartbeat_is_stale(client, coordinator, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a server with a broker, where beat should run
    client.force_login(coordinator)
    with time_machine.travel(NOON, tick=False):
        heartbeat_task()

    with time_machine.travel(NOON + timedelta(hours=2), tick=False):
        fresh = client.get(reverse("dashboard:dashboard")).content.decode()
    with time_machine.travel(NOON + timedelta(days=3), tick=False):
        stale = client.get(reverse("dashboard:dashboard")).content.decode()

    assert "Scheduled jobs have stopped" not in fresh
    assert "Scheduled jobs have stopped" in stale
    assert "The daily jobs last ran 3\xa0days ago" in stale
    assert "celery beat" in stale

    # The dashboard reads a copy of the heartbeat; a new beat replaces it at once.
    with time_machine.travel(NOON + timedelta(days=3), tick=False):
        heartbeat_task()
        again = client.get(reverse("dashboard:dashboard")).content.decode()
    assert "Scheduled jobs have stopped" not in again


def test_on_a_development_server_without_a_broker_the_dashboard_says_no_scheduler_runs_there(
    client, coordinator, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # make run: tasks in-process, no beat can run
    client.force_login(coordinator)

    page = client.get(reverse("dashboard:dashboard")).content.decode()

    assert "No scheduler runs on this development server" in page
    assert "the monthly check-ins do not open on the check-in day" in page
    assert "Scheduled jobs have stopped" not in page, "not a warning: nothing is broken"
    assert "the scheduler note are live" in page


def test_the_trivial_view_stays_trivial(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/healthz").content == b"ok"


def message(**fields) -> Message:
    return Message.objects.create(to=["amira@example.org"], subject="Your check-in", text="x", **fields)


def test_emails_due_for_more_than_five_minutes_are_unhealthy_and_counted(client):
    with time_machine.travel(NOON, tick=False):
        heartbeat_task()
        for _ in range(3):
            message(due_at=NOON)
    with time_machine.travel(NOON + timedelta(minutes=4), tick=False):
        soon = client.get("/health/")
    with time_machine.travel(NOON + timedelta(minutes=6), tick=False):
        late = client.get("/health/")

    assert soon.status_code == 200, "a sweep a minute sends them well before"
    assert late.status_code == 503
    assert late.json()["checks"]["outbox"]["detail"] == (
        "3 e-mails due for more than 5 minutes: is a worker running, and celery beat?"
    )
    assert late.json()["checks"]["outbox"]["ok"] is False


def test_a_claim_left_by_a_stopped_worker_and_not_taken_back_is_unhealthy(client, settings):
    timeout = timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
    with time_machine.travel(NOON, tick=False):
        heartbeat_task()
        message(status=MessageStatus.SENDING, attempts=1, claimed_at=NOON, due_at=NOON + timeout)
    with time_machine.travel(NOON + timeout + timedelta(minutes=1), tick=False):
        waiting = client.get("/health/")
    with time_machine.travel(NOON + timeout + timedelta(minutes=6), tick=False):
        left = client.get("/health/")

    assert waiting.status_code == 200, "the sweep takes an expired claim back within a minute"
    assert left.status_code == 503
    assert left.json()["checks"]["outbox"]["detail"] == (
        f"1 claim past OUTBOX_CLAIM_TIMEOUT ({settings.OUTBOX_CLAIM_TIMEOUT} s) not taken back for 5 minutes: "
        "is a worker running, and celery beat?"
    )


def test_delayed_emails_waiting_for_their_retry_and_sent_or_failed_ones_are_no_alarm(client):
    with time_machine.travel(NOON, tick=False):
        heartbeat_task()
        message(attempts=6, due_at=NOON + timedelta(hours=1), error="451 4.3.0 Try again later")
        message(status=MessageStatus.SENT, sent_at=NOON, due_at=NOON - timedelta(days=1))
        message(status=MessageStatus.FAILED, attempts=1, due_at=NOON - timedelta(days=1), error="550 unknown")
    with time_machine.travel(NOON + timedelta(minutes=30), tick=False):
        response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["outbox"]["ok"] is True


def test_the_outbox_check_is_one_query(client, django_assert_num_queries):
    from health.checks import outbox

    with django_assert_num_queries(1):
        assert outbox() == (True, "no e-mail has been due for more than 5 minutes")
