"""Reminders before a meeting and "did you meet?" after it: each once, however often the job runs."""

import os
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from matches.tests.factories import MatchFactory
from meetings import services
from meetings.models import Meeting
from meetings.tasks import meetings_remind_task
from meetings.tests.factories import MeetingFactory
from notifications.models import Notification
from notifications.services import preferences_set
from outbox.models import Message
from profiles.models import ProgramSettings
from tests.harness import celery_worker, output_of

EDMONTON = ZoneInfo("America/Edmonton")


def reminders(meeting):
    return list(Message.objects.filter(key__startswith=f"meetings.reminder:{meeting.pk}:").order_by("pk"))


@pytest.fixture
def edmonton(settings):
    settings.TIME_ZONE = "America/Edmonton"


@pytest.mark.django_db
def test_the_reminder_goes_the_day_before_at_nine_to_both_partners_once(edmonton):
    with time_machine.travel(datetime(2026, 3, 2, 12, 0, tzinfo=EDMONTON), tick=False):
        meeting = MeetingFactory(
            starts_at=datetime(2026, 3, 10, 18, 0, tzinfo=EDMONTON),
            ends_at=datetime(2026, 3, 10, 19, 0, tzinfo=EDMONTON),
        )
    with time_machine.travel(datetime(2026, 3, 9, 8, 55, tzinfo=EDMONTON), tick=False):
        assert services.meeting_reminders_send() == 0
    with time_machine.travel(datetime(2026, 3, 9, 9, 0, tzinfo=EDMONTON), tick=False):
        assert services.meeting_reminders_send() == 1
        assert services.meeting_reminders_send() == 0  # a second run, a retried task: nothing more
        meetings_remind_task.delay()
    sent = reminders(meeting)
    assert sorted(m.to[0] for m in sent) == sorted([meeting.match.mentor.email, meeting.match.mentee.email])
    assert "Tuesday 10 March 2026, 18:00 to 19:00 (MDT)" in sent[0].text  # daylight time began on 8 March


@pytest.mark.django_db
def test_the_program_setting_moves_the_reminder(edmonton):
    program = ProgramSettings.load()
    program.meeting_reminder_days, program.meeting_reminder_hour = 2, 18
    program.save()
    with time_machine.travel(datetime(2026, 5, 1, 12, 0, tzinfo=EDMONTON), tick=False):
        meeting = MeetingFactory(
            starts_at=datetime(2026, 5, 10, 9, 0, tzinfo=EDMONTON),
            ends_at=datetime(2026, 5, 10, 10, 0, tzinfo=EDMONTON),
        )
    with time_machine.travel(datetime(2026, 5, 8, 17, 59, tzinfo=EDMONTON), tick=False):
        assert services.meeting_reminders_send() == 0
    with time_machine.travel(datetime(2026, 5, 8, 18, 5, tzinfo=EDMONTON), tick=False):
        assert services.meeting_reminders_send() == 1
    assert len(reminders(meeting)) == 2


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 2, 6, 0, tzinfo=EDMONTON), tick=False)
def test_no_reminder_for_a_cancelled_meeting_and_a_new_one_for_a_moved_meeting(edmonton):
    # A fixed clock, before 09:00: a meeting for tomorrow accepted after 09:00 needs no reminder (the invitation
    # has just told them), so on the real clock this test failed from 09:00 until the evening.
    match = MatchFactory()
    start = timezone.now() + timedelta(hours=30)
    cancelled, _ = services.meeting_propose(match=match, by=match.mentor, starts_at=start, minutes=60, form="phone")
    moved, _ = services.meeting_propose(
        match=match, by=match.mentor, starts_at=start + timedelta(hours=2), minutes=60, form="phone"
    )
    for meeting in (cancelled, moved):
        services.meeting_accept(meeting=meeting, by=match.mentee)
    services.meeting_cancel(meeting=cancelled, by=match.mentee)
    later = timezone.now() + timedelta(days=3)
    services.meeting_reminders_send(now=start - timedelta(hours=2))
    assert reminders(cancelled) == []
    assert len(reminders(moved)) == 2
    services.meeting_change(meeting=moved, by=match.mentee, starts_at=later, minutes=60, form="phone")
    services.meeting_reminders_send(now=later - timedelta(hours=3))
    assert len(reminders(moved)) == 4  # reminded again, of the new time
    services.meeting_reminders_send(now=later - timedelta(hours=2))
    assert len(reminders(moved)) == 4


@pytest.mark.django_db
def test_a_meeting_planned_after_its_reminders_moment_gets_none():
    match = MatchFactory()
    meeting, _ = services.meeting_propose(
        match=match, by=match.mentor, starts_at=timezone.now() + timedelta(hours=3), minutes=60, form="phone"
    )
    services.meeting_accept(meeting=meeting, by=match.mentee)  # the invitation has just told them
    services.meeting_reminders_send()
    assert reminders(meeting) == []


@pytest.mark.django_db
@time_machine.travel(datetime(2026, 3, 10, 12, 0, tzinfo=EDMONTON), tick=False)
def test_did_you_meet_is_asked_once_from_the_next_day_and_not_after_an_answer(edmonton):
    # At noon: in the first minutes after midnight, the meeting "five minutes ago" would be yesterday's.
    yesterday = timezone.now() - timedelta(days=1)
    asked = MeetingFactory(starts_at=yesterday - timedelta(hours=2), ends_at=yesterday - timedelta(hours=1))
    answered = MeetingFactory(
        starts_at=yesterday - timedelta(hours=2), ends_at=yesterday - timedelta(hours=1), outcome="held"
    )
    today = MeetingFactory(starts_at=timezone.now() - timedelta(minutes=5), ends_at=timezone.now())
    assert services.meetings_ask() == 1
    assert services.meetings_ask() == 0
    keys = set(Message.objects.filter(key__startswith="meetings.ask:").values_list("key", flat=True))
    assert keys == {f"meetings.ask:{asked.pk}:{p.pk}" for p in (asked.match.mentor, asked.match.mentee)}
    assert Meeting.objects.get(pk=answered.pk).asked_at is None
    assert Meeting.objects.get(pk=today.pk).asked_at is None


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis")
def test_a_real_worker_reminds_each_partner_once_and_not_of_a_cancelled_meeting(smtp, database_url):
    match = MatchFactory()
    start = timezone.now() + timedelta(hours=30)
    program = ProgramSettings.load()
    program.meeting_reminder_days = 2  # its moment has passed: the next run reminds
    program.save()
    planned = MeetingFactory(match=match, starts_at=start, ends_at=start + timedelta(hours=1))
    MeetingFactory(match=match, starts_at=start, ends_at=start + timedelta(hours=1), status="cancelled")

    with celery_worker(smtp_port=smtp.port, database_url=database_url, concurrency=2) as worker:
        for _ in range(3):  # a retried task, a doubled beat: the same result
            meetings_remind_task.delay()
        if not smtp.inbox.wait_for(2, timeout=90, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 2 reminders arrived; the worker said:\n{output_of(worker)}")
        meetings_remind_task.delay()
        smtp.inbox.wait_for(3, timeout=5, process=worker)  # nothing more should come

    assert len(smtp.inbox.messages) == 2
    assert {m["To"] for m in smtp.inbox.messages} == {match.mentor.email, match.mentee.email}
    assert all("reminder" in m["Subject"] for m in smtp.inbox.messages)
    assert Meeting.objects.get(pk=planned.pk).reminded_for == planned.starts_at


@pytest.mark.django_db
def test_a_person_who_turned_meeting_reminders_off_gets_none_by_email_but_sees_it_in_the_bell():
    match = MatchFactory()
    preferences_set(user_id=match.mentee.pk, deliveries={"meetings.reminder": "off"})
    start = timezone.now() + timedelta(hours=30)
    meeting = MeetingFactory(match=match, starts_at=start, ends_at=start + timedelta(hours=1))
    services.meeting_reminders_send(now=start - timedelta(hours=3))
    assert [m.to for m in reminders(meeting)] == [[match.mentor.email]]
    assert Notification.objects.filter(user=match.mentee, kind="meetings.reminder").count() == 1
