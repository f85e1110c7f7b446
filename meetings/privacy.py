"""What meetings keep of a person, for privacy (``core.personal`` says the shape; the privacy app orchestrates).

- ``Meeting``: the meetings of the person's partnerships, shared by both partners: when, how long, the form,
  the place or video link and what they meant to talk about (either may have written it), who proposed the
  time on the table and who said it was held. The times, form, length and outcome are counted by the
  program's figures (meetings held); the place, link and agenda are the partners' words.
- ``MeetingEvent``: each step (proposed, accepted, declined with a word, moved, cancelled, held): who, when,
  for which time, and the word given with a decline or a cancel.
- ``CalendarFeed``: the person's private calendar address, kept only as a hash of its secret, and when it
  was made.

The e-mails (invitations, reminders) are the outbox's; the bell's lines are notifications'.
"""

from __future__ import annotations

from django.db.models import Q

from core.personal import Export, Limits, rows
from matches.models import MatchStatus

from .models import CalendarFeed, Meeting, MeetingEvent

COVERS = {
    "meetings.Meeting": "exported (the meetings of the person's partnerships); erased: place, video link and "
    "agenda blanked, times, form, length and outcome kept for the figures; the same after the retention setting",
    "meetings.MeetingEvent": "exported (the person's own steps); erased: the words given with a step blanked",
    "meetings.CalendarFeed": "exported (when the address was made, never its secret); erased: deleted",
}

MEETING_FIELDS = ["id", "match_id", "starts_at", "ends_at", "form", "place", "link", "agenda", "status", "outcome"]
EVENT_FIELDS = ["id", "meeting_id", "kind", "at", "starts_at", "note"]


def _of(user) -> Q:
    return Q(match__mentor=user) | Q(match__mentee=user)


def export(user) -> Export:
    meetings = Meeting.objects.filter(_of(user)).order_by("starts_at", "pk")
    meeting_rows = rows(meetings, MEETING_FIELDS)
    for row, meeting in zip(meeting_rows, meetings, strict=True):
        row["proposed_by_you"] = meeting.proposed_by_id == user.pk
    events = MeetingEvent.objects.filter(actor=user).order_by("at", "pk")
    feeds = CalendarFeed.objects.filter(user=user)
    return Export(
        tables={
            "meetings": meeting_rows,
            "meeting steps": rows(events, EVENT_FIELDS),
            "calendar address": [{"made": feed.created_at.isoformat()} for feed in feeds],
        }
    )


def erase(user) -> dict[str, int]:
    """The partners' words go; when and how they met stays counted. The calendar address stops working."""
    meetings = (
        Meeting.objects.filter(_of(user))
        .filter(~Q(agenda="") | ~Q(place="") | ~Q(link=""))
        .update(agenda="", place="", link="")
    )
    events = MeetingEvent.objects.filter(actor=user).exclude(note="").update(note="")
    feeds, _ = CalendarFeed.objects.filter(user=user).delete()
    return {"meeting texts": meetings, "meeting step notes": events, "calendar addresses": feeds}


def retain(limits: Limits) -> dict[str, int]:
    """A partnership closed before the limit keeps its meetings' times, not their words."""
    past = Q(match__status=MatchStatus.CLOSED, match__closed_at__lt=limits.partnership_texts_before)
    meetings = Meeting.objects.filter(past).filter(~Q(agenda="") | ~Q(place="") | ~Q(link=""))
    count = meetings.update(agenda="", place="", link="")
    notes = MeetingEvent.objects.filter(past).exclude(note="").update(note="")
    return {"meeting texts": count + notes}
