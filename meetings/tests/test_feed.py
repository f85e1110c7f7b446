"""K2: each person's private calendar feed; and what the coordinator sees of meetings."""

import csv
import io
from datetime import timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from checkins.tests.factories import CheckInFactory
from matches.tests.factories import MatchFactory
from meetings import services
from meetings.models import CalendarFeed
from meetings.tests.factories import MeetingFactory
from plans.tests.factories import PlanFactory
from profiles.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def feed_of(client, token, **headers):
    return client.get(reverse("meetings:feed", args=[token]), **headers)


def summaries(response) -> list[str]:
    cal = icalendar.Calendar.from_ical(response.content)
    return sorted(str(event["SUMMARY"]) for event in cal.walk("VEVENT"))


@pytest.fixture
def pair():
    match = MatchFactory()
    PlanFactory(mentee=match.mentee)
    return match


def test_the_feed_has_the_persons_meetings_checkins_and_plan_dates_and_nobody_elses(client, pair):
    planned = MeetingFactory(match=pair)
    MeetingFactory(match=pair, status="proposed")  # not planned yet: not in calendars
    MeetingFactory(match=pair, status="cancelled")
    CheckInFactory(match=pair)  # the mentor's
    other = MatchFactory()
    MeetingFactory(match=other)
    CheckInFactory(match=other)
    token = services.feed_make(user=pair.mentor)

    response = feed_of(client, token)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    month = timezone.localdate().strftime("%B")
    mentee = pair.mentee.get_short_name()
    assert summaries(response) == sorted(
        [
            f"Mentoring: meeting with {pair.mentee.name}",
            f"Mentoring: {month} check-in due",
            f"Mentoring: {mentee}'s plan, checkpoint 1",
            f"Mentoring: {mentee}'s plan, action 1.1 due",
            f"Mentoring: {mentee}'s plan, action 1.2 due",
        ]
    )
    # The meeting has the invitation's UID, so a calendar holding both keeps one event.
    cal = icalendar.Calendar.from_ical(response.content)
    [meeting] = [e for e in cal.walk("VEVENT") if "meeting" in str(e["SUMMARY"])]
    assert str(meeting["UID"]).startswith(f"meeting-{planned.uid}@")
    assert "METHOD" not in cal


def test_an_unchanged_feed_answers_304_and_a_change_gives_a_new_etag(client, pair):
    meeting = MeetingFactory(match=pair)
    token = services.feed_make(user=pair.mentee)
    first = feed_of(client, token)
    again = feed_of(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    services.meeting_change(
        meeting=meeting, by=pair.mentee, starts_at=meeting.starts_at + timedelta(hours=1), minutes=60, form="phone"
    )
    changed = feed_of(client, token, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_a_new_address_makes_the_old_one_404_and_turning_it_off_too(client, pair):
    client.login(email=pair.mentee.email, password=PASSWORD)
    page = client.post(reverse("meetings:calendar"), {"action": "new"}).content.decode()
    assert "Copy it now" in page
    old = CalendarFeed.objects.get(user=pair.mentee)
    token = page.split("/calendar/")[1].split(".ics")[0]
    assert feed_of(client, token).status_code == 200
    assert token not in old.token_hash  # only its hash is kept

    client.post(reverse("meetings:calendar"), {"action": "new"})
    assert feed_of(client, token).status_code == 404
    assert "You made your address on" in client.get(reverse("meetings:calendar")).content.decode()
    client.post(reverse("meetings:calendar"), {"action": "off"})
    assert not CalendarFeed.objects.exists()
    for bad in ("x", "../../etc/passwd", "a" * 500, "%00"):
        assert client.get(f"/calendar/{bad}.ics").status_code == 404


def test_the_account_page_leads_to_the_calendar_address(client, pair):
    client.login(email=pair.mentor.email, password=PASSWORD)
    page = client.get(reverse("account")).content.decode()
    assert "Get a calendar address" in page


def test_the_coordinator_sees_that_meetings_happen_never_what_they_were_to_talk_about(client, pair, coordinator):
    start = timezone.now() - timedelta(days=3)
    MeetingFactory(match=pair, starts_at=start, ends_at=start + timedelta(minutes=45), outcome="held")
    MeetingFactory(match=pair, agenda="Her divorce and the money worries")
    client.force_login(coordinator)
    page = client.get(reverse("dashboard:match", args=[pair.pk])).content.decode()
    assert "Meetings" in page
    assert "45 min" in page
    assert "Held" in page
    assert "divorce" not in page
    assert "Her certification plan" not in page
    assert client.get(reverse("meetings:for_match", args=[pair.pk])).status_code == 404


def test_the_dashboard_counts_meetings_held_this_month_and_the_csv_each_pairs(client, pair, coordinator):
    start = timezone.now() - timedelta(minutes=90)
    if timezone.localtime(start).month != timezone.localtime().month:  # the first hour of a month
        start = timezone.now() - timedelta(minutes=1)
    MeetingFactory(match=pair, starts_at=start, ends_at=start + timedelta(minutes=1), outcome="held")
    MeetingFactory(match=pair, starts_at=start, ends_at=start + timedelta(minutes=1), outcome="missed")
    client.force_login(coordinator)
    page = client.get(reverse("dashboard:dashboard")).content.decode()
    assert 'data-figure="meetings-held">1<' in page
    response = client.get(reverse("dashboard:export", args=["matches"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    [row] = [r for r in rows if r["Mentee e-mail"] == pair.mentee.email]
    assert row["Meetings held"] == "1"
