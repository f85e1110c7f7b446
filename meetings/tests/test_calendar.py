"""The invitations as calendars read them: parsed back with ``icalendar``, and imported into Debian's
``khal`` (a real calendar client) where it is installed: the event at the right local time, the same
event moved, then cancelled."""

import os
import shutil
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from matches.tests.factories import MatchFactory
from meetings import services
from meetings.models import Meeting
from outbox.models import Message
from profiles.models import ProgramSettings
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
EDMONTON = ZoneInfo("America/Edmonton")
KHAL = shutil.which("khal") or ("/usr/bin/khal" if os.path.exists("/usr/bin/khal") else None)


@pytest.fixture
def edmonton(settings):
    """The program in Edmonton: daylight time (UTC-6) ends on 1 November 2026, standard time is UTC-7."""
    settings.TIME_ZONE = "America/Edmonton"
    settings.SITE_URL = "https://mentoring.example.org"


def invitations(person) -> list[tuple[str, bytes]]:
    """(subject, .ics) of each calendar e-mail ``person`` got, oldest first."""
    found = []
    for message in Message.objects.filter(to=[person.email]).order_by("pk"):
        for attachment in message.attachments.all():
            found.append((message.subject, bytes(attachment.content)))
    return found


def the_event(ics: bytes) -> tuple[icalendar.Calendar, icalendar.Component]:
    cal = icalendar.Calendar.from_ical(ics)
    [event] = cal.walk("VEVENT")
    return cal, event


@pytest.fixture
def story(edmonton):
    program = ProgramSettings.load()
    program.contact_email = "mentoring@example.org"
    program.save()
    """A meeting planned for Tuesday 27 October 2026 at 10:00 (daylight time), moved to Tuesday 3 November at
    10:00 (standard time, after the change), then cancelled. Returns the mentor's three invitations."""
    with time_machine.travel(datetime(2026, 10, 20, 12, 0, tzinfo=EDMONTON), tick=False):
        match = MatchFactory(
            mentor=ProfileFactory(mentor=True, user__name="Grace Hopper").user,
            mentee=ProfileFactory(user__name="Aisha Bello").user,
        )
        meeting, _ = services.meeting_propose(
            match=match,
            by=match.mentee,
            starts_at=datetime(2026, 10, 27, 10, 0, tzinfo=EDMONTON),
            minutes=60,
            form="in_person",
            place="Stanley Milner Library",
            agenda="Her certification plan",
        )
        services.meeting_accept(meeting=meeting, by=match.mentor)
        services.meeting_change(
            meeting=meeting,
            by=match.mentor,
            starts_at=datetime(2026, 11, 3, 10, 0, tzinfo=EDMONTON),
            minutes=90,
            form="in_person",
            place="Stanley Milner Library",
            agenda="Her certification plan",
        )
        services.meeting_cancel(meeting=meeting, by=match.mentee)
    meeting = Meeting.objects.get(pk=meeting.pk)
    return meeting, match, invitations(match.mentor)


def test_the_invitation_the_update_and_the_cancel_share_one_uid_with_a_rising_sequence(story):
    meeting, match, sent = story
    assert len(sent) == 3
    (first, moved, cancelled) = [the_event(ics) for _, ics in sent]
    uids = {str(event["UID"]) for _, event in (first, moved, cancelled)}
    assert uids == {f"meeting-{meeting.uid}@mentoring.example.org"}
    assert [str(cal["METHOD"]) for cal, _ in (first, moved, cancelled)] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [event["SEQUENCE"] for _, event in (first, moved, cancelled)] == [0, 1, 2]
    assert [str(event["STATUS"]) for _, event in (first, moved, cancelled)] == ["CONFIRMED", "CONFIRMED", "CANCELLED"]

    # Times in the program's zone, with its VTIMEZONE; the same 10:00 on either side of the change.
    cal, event = first
    assert event["DTSTART"].params["TZID"] == "America/Edmonton"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Edmonton"]
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")) == datetime(2026, 10, 27, 16, 0, tzinfo=ZoneInfo("UTC"))
    _, event = moved
    assert event.decoded("DTSTART").astimezone(ZoneInfo("UTC")) == datetime(2026, 11, 3, 17, 0, tzinfo=ZoneInfo("UTC"))
    assert event.decoded("DTEND") - event.decoded("DTSTART") == meeting.ends_at - meeting.starts_at
    assert b"DTSTART;TZID=America/Edmonton:20261103T100000" in sent[1][1]

    # Organizer and attendees: the program, and both partners.
    assert str(event["ORGANIZER"]) == "mailto:mentoring@example.org"
    assert sorted(str(a) for a in event["ATTENDEE"]) == sorted(
        f"mailto:{p.email}" for p in (match.mentor, match.mentee)
    )
    assert "Stanley Milner Library" in str(event["LOCATION"])
    assert "Her certification plan" in str(event["DESCRIPTION"])


def test_both_partners_get_each_invitation_each_for_them(story):
    _meeting, match, sent = story
    mentee_sent = invitations(match.mentee)
    assert len(mentee_sent) == 3
    _, for_mentor = the_event(sent[0][1])
    _, for_mentee = the_event(mentee_sent[0][1])
    assert str(for_mentor["SUMMARY"]) == "Mentoring: meeting with Aisha Bello"
    assert str(for_mentee["SUMMARY"]) == "Mentoring: meeting with Grace Hopper"
    assert str(for_mentor["UID"]) == str(for_mentee["UID"])


def khal(home, *args) -> str:
    result = subprocess.run(
        [str(KHAL), "-c", str(home / "config"), *args], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


@pytest.mark.skipif(KHAL is None, reason="khal is not installed (apt-get install khal): the import is not tried")
def test_khal_imports_the_invitation_shows_it_at_the_local_time_then_moved_then_cancelled(story, tmp_path):
    """A calendar in Berlin: 10:00 in Edmonton is 17:00 there before Edmonton's change, 18:00 after it."""
    _, _, sent = story
    (tmp_path / "cal").mkdir()
    (tmp_path / "config").write_text(
        "[calendars]\n[[mentoring]]\npath = {}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n"
        "[default]\ndefault_calendar = mentoring\n".format(tmp_path / "cal")
    )
    listed = []
    for number, (_, ics) in enumerate(sent):
        path = tmp_path / f"invitation-{number}.ics"
        path.write_bytes(ics)
        khal(tmp_path, "import", "--batch", "-a", "mentoring", str(path))
        listed.append(khal(tmp_path, "list", "--format", "{status}{start} {end} {title}", "2026-10-26", "14d"))
    assert "CONFIRMED 2026-10-27 17:00 2026-10-27 18:00 Mentoring: meeting with Aisha Bello" in listed[0]
    assert "2026-11-03" not in listed[0]
    # The update replaced the event: one event, at the new time (90 minutes).
    assert "CONFIRMED 2026-11-03 18:00 2026-11-03 19:30 Mentoring: meeting with Aisha Bello" in listed[1]
    assert "2026-10-27" not in listed[1]
    # The cancel: khal keeps the event, marked cancelled (it does not act on METHOD:CANCEL by itself).
    assert "CANCELLED 2026-11-03 18:00" in listed[2]
    assert len(list((tmp_path / "cal").iterdir())) == 1
