"""K1: proposing, answering, moving and cancelling a meeting between the two partners, and what each is told."""

from datetime import datetime, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from checkins.models import NotebookEntry
from checkins.selectors import notebook_hours
from endings.services import partnership_close
from matches.tests.factories import MatchFactory
from meetings import services
from meetings.models import EventKind, Meeting, MeetingEvent, MeetingStatus, Outcome
from meetings.services import MeetingError
from outbox.models import Message
from profiles.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def next_week(hour=18, minute=30):
    day = timezone.localdate() + timedelta(days=7)
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def form_data(when=None, **more):
    when = timezone.localtime(when or next_week())
    data = {
        "day": when.date().isoformat(),
        "start": when.strftime("%H:%M"),
        "minutes": "60",
        "form": "video",
        "link": "https://meet.example.org/grace-aisha",
        "agenda": "Her certification plan",
    }
    data.update(more)
    return data


def login(client, user):
    assert client.login(email=user.email, password=PASSWORD)
    return client


def mails_to(user):
    return list(Message.objects.filter(to=[user.email]).order_by("pk"))


def invitation_of(message) -> icalendar.Calendar:
    [attachment] = message.attachments.all()
    assert attachment.mimetype.startswith("text/calendar")
    return icalendar.Calendar.from_ical(bytes(attachment.content))


@pytest.fixture
def match():
    return MatchFactory()


def test_a_partner_proposes_and_the_other_accepts_and_both_get_the_invitation(client, match):
    mentor, mentee = match.mentor, match.mentee
    login(client, mentee)
    page = client.post(reverse("meetings:for_match", args=[match.pk]), form_data(), follow=True)
    assert "Meeting proposed" in page.content.decode()
    meeting = Meeting.objects.get(match=match)
    assert meeting.status == MeetingStatus.PROPOSED
    assert meeting.proposed_by == mentee
    [asked] = mails_to(mentor)
    assert "proposes a meeting" in asked.subject
    assert reverse("meetings:for_match", args=[match.pk]) in asked.text
    assert mails_to(mentee) == []

    # The proposer cannot accept her own proposal.
    client.post(reverse("meetings:accept", args=[meeting.pk]))
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.PROPOSED

    client.logout()
    login(client, mentor)
    page = client.get(reverse("meetings:for_match", args=[match.pk])).content.decode()
    assert "Her certification plan" in page
    assert "Accept" in page
    page = client.post(reverse("meetings:accept", args=[meeting.pk]), follow=True).content.decode()
    assert "Meeting accepted" in page
    # A second click changes nothing and sends nothing more.
    client.post(reverse("meetings:accept", args=[meeting.pk]))
    for person in (mentor, mentee):
        [invitation] = [m for m in mails_to(person) if m.attachments.exists()]
        cal = invitation_of(invitation)
        assert str(cal["METHOD"]) == "REQUEST"
        [event] = cal.walk("VEVENT")
        assert str(event["UID"]).startswith(f"meeting-{meeting.uid}@")
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == next_week()
    assert list(MeetingEvent.objects.filter(meeting=meeting).values_list("kind", flat=True)) == ["proposed", "accepted"]


def test_a_counter_proposal_becomes_the_proposal_the_first_partner_answers(client, match):
    meeting, _ = services.meeting_propose(match=match, by=match.mentee, starts_at=next_week(), minutes=60, form="video")
    login(client, match.mentor)
    later = next_week(hour=19)
    client.post(reverse("meetings:change", args=[meeting.pk]), form_data(later, form="in_person", place="Café Lux"))
    meeting.refresh_from_db()
    assert (meeting.status, meeting.proposed_by, meeting.starts_at) == (MeetingStatus.PROPOSED, match.mentor, later)
    [told] = mails_to(match.mentee)
    assert "proposes another time" in told.subject
    services.meeting_accept(meeting=meeting, by=match.mentee)
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.ACCEPTED


def test_declining_tells_the_proposer_with_the_word_given(client, match):
    meeting, _ = services.meeting_propose(match=match, by=match.mentor, starts_at=next_week(), minutes=45, form="phone")
    login(client, match.mentee)
    client.post(reverse("meetings:decline", args=[meeting.pk]), {"note": "I have an exam that evening."})
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.DECLINED
    [told] = mails_to(match.mentor)
    assert "cannot make" in told.subject
    assert "I have an exam that evening." in told.text


def test_moving_a_planned_meeting_updates_the_same_event_and_cancelling_removes_it(client, match):
    meeting, _ = services.meeting_propose(
        match=match, by=match.mentor, starts_at=next_week(), minutes=60, form="video", link="https://meet.example.org/x"
    )
    services.meeting_accept(meeting=meeting, by=match.mentee)
    login(client, match.mentee)
    later = next_week(hour=20)
    page = client.post(reverse("meetings:change", args=[meeting.pk]), form_data(later), follow=True).content.decode()
    assert "Meeting moved" in page
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence, meeting.starts_at) == (MeetingStatus.ACCEPTED, 1, later)
    moved = [m for m in mails_to(match.mentor) if "moved" in m.subject]
    [event] = invitation_of(moved[0]).walk("VEVENT")
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART") == later

    client.post(reverse("meetings:cancel", args=[meeting.pk]))
    client.post(reverse("meetings:cancel", args=[meeting.pk]))  # a double click sends one cancel
    cancels = [m for m in mails_to(match.mentor) if "cancelled" in m.subject]
    assert len(cancels) == 1
    cal = invitation_of(cancels[0])
    [event] = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert str(event["UID"]).startswith(f"meeting-{meeting.uid}@")


def test_a_closed_partnership_refuses_every_step_and_its_planned_meetings_leave_the_calendars(client, match):
    meeting, _ = services.meeting_propose(match=match, by=match.mentor, starts_at=next_week(), minutes=60, form="phone")
    services.meeting_accept(meeting=meeting, by=match.mentee)
    waiting, _ = services.meeting_propose(
        match=match, by=match.mentee, starts_at=next_week(hour=10), minutes=60, form="phone"
    )
    partnership_close(match=match, by=match.mentee, reason="completed")
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.CANCELLED
    assert Meeting.objects.get(pk=waiting.pk).status == MeetingStatus.CANCELLED
    assert [m for m in mails_to(match.mentor) if "cancelled" in m.subject]
    with pytest.raises(MeetingError):
        services.meeting_propose(match=match, by=match.mentor, starts_at=next_week(), minutes=60, form="phone")
    login(client, match.mentee)
    before = Message.objects.count()
    page = client.post(reverse("meetings:for_match", args=[match.pk]), form_data(), follow=True).content.decode()
    assert "closed" in page
    for name in ("accept", "cancel", "missed"):
        client.post(reverse(f"meetings:{name}", args=[waiting.pk]))
    assert Message.objects.count() == before
    assert Meeting.objects.filter(match=match).count() == 2


def test_bad_input_is_refused_with_a_message_and_nothing_is_proposed(client, match):
    login(client, match.mentor)
    url = reverse("meetings:for_match", args=[match.pk])
    for bad in (
        form_data(link="javascript:alert(1)"),
        form_data(link="ftp://example.org/x"),
        form_data(timezone.now() - timedelta(days=2)),
        form_data(day="2026-02-30"),
        form_data(minutes="100000"),
        form_data(form="telepathy"),
    ):
        page = client.post(url, bad)
        assert page.status_code == 200
        assert "nothing was proposed" in page.content.decode()
    assert not Meeting.objects.exists()
    client.post(url, form_data())
    client.post(url, form_data())  # a double submit keeps one
    assert Meeting.objects.count() == 1


def test_did_you_meet_yes_fills_the_notebook_and_the_checkin_hours_count_it(client, match):
    start = timezone.now() - timedelta(days=1, hours=2)
    meeting = Meeting.objects.create(
        match=match,
        proposed_by=match.mentor,
        status="accepted",
        starts_at=start,
        ends_at=start + timedelta(minutes=90),
        form="in_person",
        place="Library",
        agenda="- Plan: Pass the exam",
    )
    login(client, match.mentee)
    home = client.get("/").content.decode()
    assert "Did you meet" in home
    form = client.get(reverse("meetings:held", args=[meeting.pk])).content.decode()
    assert 'value="90"' in form
    assert timezone.localdate(start).isoformat() in form
    assert "Plan: Pass the exam" in form
    client.post(
        reverse("meetings:held", args=[meeting.pk]),
        {"date": timezone.localdate(start).isoformat(), "form": "in_person", "minutes": "90", "topics": "The exam"},
    )
    meeting.refresh_from_db()
    assert meeting.outcome == Outcome.HELD
    [entry] = NotebookEntry.objects.filter(match=match)
    assert (entry.minutes, entry.form, entry.author) == (90, "in_person", match.mentee)
    month = timezone.localdate(start).replace(day=1)
    assert notebook_hours(match=match, month=month)["hours_in_person"] == 1.5
    # The partner is no longer asked, and a second "yes" logs nothing more.
    client.logout()
    login(client, match.mentor)
    assert "Did you meet" not in client.get("/").content.decode()
    client.post(
        reverse("meetings:held", args=[meeting.pk]),
        {"date": timezone.localdate(start).isoformat(), "form": "in_person", "minutes": "90", "topics": "Again"},
    )
    assert NotebookEntry.objects.filter(match=match).count() == 1


def test_did_you_meet_no_records_it_missed(client, match):
    start = timezone.now() - timedelta(days=2)
    meeting = Meeting.objects.create(
        match=match,
        proposed_by=match.mentor,
        status="accepted",
        starts_at=start,
        ends_at=start + timedelta(minutes=60),
        form="phone",
    )
    login(client, match.mentor)
    page = client.post(reverse("meetings:missed", args=[meeting.pk]), follow=True).content.decode()
    assert "did not happen" in page
    assert Meeting.objects.get(pk=meeting.pk).outcome == Outcome.MISSED
    assert not NotebookEntry.objects.exists()


def test_the_history_has_every_step(match):
    meeting, _ = services.meeting_propose(match=match, by=match.mentee, starts_at=next_week(), minutes=60, form="phone")
    services.meeting_change(meeting=meeting, by=match.mentor, starts_at=next_week(hour=9), minutes=60, form="phone")
    services.meeting_accept(meeting=meeting, by=match.mentee)
    services.meeting_change(meeting=meeting, by=match.mentee, starts_at=next_week(hour=11), minutes=30, form="phone")
    services.meeting_cancel(meeting=meeting, by=match.mentor)
    assert list(MeetingEvent.objects.filter(match=match).values_list("kind", flat=True)) == [
        EventKind.PROPOSED,
        EventKind.COUNTERED,
        EventKind.ACCEPTED,
        EventKind.RESCHEDULED,
        EventKind.CANCELLED,
    ]
