from datetime import timedelta

import pytest
from django.utils import timezone

from core.personal import Limits
from meetings import privacy, services
from meetings.models import Meeting, MeetingEvent
from meetings.selectors import feed_owner
from meetings.tests.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def test_export_has_the_persons_meetings_steps_and_address_never_its_secret():
    meeting = MeetingFactory(place="Café Lux")
    MeetingEvent.objects.create(
        meeting=meeting, match=meeting.match, actor=meeting.match.mentee, kind="declined",
        starts_at=meeting.starts_at, note="Exam day.",
    )  # fmt: skip
    services.feed_make(user=meeting.match.mentee)
    MeetingFactory()  # someone else's
    exported = privacy.export(meeting.match.mentee).tables
    [row] = exported["meetings"]
    assert (row["place"], row["agenda"], row["proposed_by_you"]) == ("Café Lux", "Her certification plan", False)
    assert exported["meeting steps"][0]["note"] == "Exam day."
    assert list(exported["calendar address"][0]) == ["made"]


def test_erase_blanks_the_words_keeps_the_figures_and_turns_the_address_off():
    start = timezone.now() - timedelta(days=2)
    meeting = MeetingFactory(starts_at=start, ends_at=start + timedelta(hours=1), outcome="held", place="Home")
    person = meeting.match.mentor
    token = services.feed_make(user=person)
    counts = privacy.erase(person)
    meeting.refresh_from_db()
    assert (meeting.agenda, meeting.place, meeting.link, meeting.outcome) == ("", "", "", "held")
    assert counts["calendar addresses"] == 1
    assert feed_owner(services.token_hash(token)) is None
    assert set(privacy.COVERS) == {"meetings.Meeting", "meetings.MeetingEvent", "meetings.CalendarFeed"}


def test_retention_blanks_the_words_of_partnerships_closed_long_ago():
    meeting = MeetingFactory(match__status="closed", match__close_reason="completed")
    meeting.match.closed_at = timezone.now() - timedelta(days=800)
    meeting.match.save()
    ago = timezone.now() - timedelta(days=365)
    limits = Limits(
        partnership_texts_before=ago,
        concerns_before=ago,
        declined_before=ago,
        agreements_before=ago,
    )
    assert privacy.retain(limits) == {"meeting texts": 1}
    assert privacy.retain(limits) == {"meeting texts": 0}
    assert Meeting.objects.get(pk=meeting.pk).agenda == ""
