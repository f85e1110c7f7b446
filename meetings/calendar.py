"""Calendar files (RFC 5545), built with ``icalendar``: a meeting's invitation and a person's feed.

Both are made from plain ``Entry`` values, so the builder knows nothing of the database. A meeting
has one UID everywhere (its invitation, each update, its cancel and the feed), so a calendar updates
the event it has rather than adding a second one; ``sequence`` tells it which version is newer.
Timed events are written in the program's time zone with its VTIMEZONE, so a calendar in another
zone shows the right moment and a daylight-saving change between now and the meeting is its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Mentoring program//Meetings//EN"


@dataclass(frozen=True)
class Person:
    name: str
    email: str


@dataclass(frozen=True)
class Entry:
    """One event: timed (``start``/``end`` aware datetimes) or all-day (``start`` a date)."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date | None = None
    sequence: int = 0
    cancelled: bool = False
    location: str = ""
    url: str = ""
    description: str = ""
    organizer: Person | None = None
    attendees: Sequence[Person] = field(default_factory=tuple)
    stamp: datetime | None = None


def uid_for(kind: str, key: object) -> str:
    """A UID unique to this installation: ``<kind>-<key>@<site host>``."""
    return f"{kind}-{key}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


@lru_cache(maxsize=32)
def _vtimezone(zone: str, year: int) -> icalendar.Timezone:
    """The zone's VTIMEZONE with its rules from the year before to five years after: small, and made once."""
    return icalendar.Timezone.from_tzid(zone, first_date=date(year - 1, 1, 1), last_date=date(year + 5, 1, 1))


def _calendar(method: str | None, name: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    return cal


def _event(entry: Entry, zone: ZoneInfo, now: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", entry.stamp or now)
    event.add("sequence", entry.sequence)
    if isinstance(entry.start, datetime):
        event.add("dtstart", entry.start.astimezone(zone))
        end = entry.end if isinstance(entry.end, datetime) else entry.start
        event.add("dtend", end.astimezone(zone))
    else:
        event.add("dtstart", entry.start)
        event.add("dtend", entry.end or entry.start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # a due date is not busy time
    event.add("summary", entry.summary)
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.description:
        event.add("description", entry.description)
    if entry.organizer:
        event.add("organizer", f"mailto:{entry.organizer.email}", parameters={"CN": entry.organizer.name})
    for person in entry.attendees:
        event.add(
            "attendee",
            f"mailto:{person.email}",
            parameters={
                "CN": person.name,
                "ROLE": "REQ-PARTICIPANT",
                "PARTSTAT": "DECLINED" if entry.cancelled else "ACCEPTED",
                "RSVP": "FALSE",
            },
        )
    return event


def invitation(entry: Entry) -> bytes:
    """One meeting's invitation: METHOD:REQUEST (new or changed), or METHOD:CANCEL when ``entry.cancelled``."""
    return _build([entry], method="CANCEL" if entry.cancelled else "REQUEST")


def feed(entries: Sequence[Entry], *, name: str) -> bytes:
    """A subscribed calendar (no METHOD: it is published, not sent) with ``entries``."""
    return _build(entries, method=None, name=name)


def _build(entries: Sequence[Entry], *, method: str | None, name: str | None = None) -> bytes:
    zone_name = timezone.get_current_timezone_name()
    zone = ZoneInfo(zone_name)
    now = timezone.now()
    cal = _calendar(method, name)
    if any(isinstance(entry.start, datetime) for entry in entries):
        years = [entry.start.year for entry in entries if isinstance(entry.start, datetime)]
        cal.add_component(_vtimezone(zone_name, min([*years, now.year])))
    for entry in entries:
        cal.add_component(_event(entry, zone, now))
    return cal.to_ical()
