"""Meetings two partners plan (K1) and the private calendar feed of each person (K2).

A meeting is proposed by one partner and answered by the other: accepted, declined, or met with
another time (a counter-proposal, which the first partner then answers). An accepted meeting is in
both partners' calendars through its invitation (the same ``uid`` every time, ``sequence`` raised
on every change); either may reschedule or cancel it. After it, one of them says whether it was held.
Every step is a ``MeetingEvent``: the meeting's history, and the key of the e-mail it sent.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q

from matches.models import Match
from profiles.models import Channel

# The forms a meeting takes, as the notebook names them (so "Yes, we met" fills its form in).
MEETING_FORMS = [Channel.IN_PERSON, Channel.VIDEO, Channel.PHONE, Channel.OTHER]
MIN_MINUTES, MAX_MINUTES = 15, 8 * 60
FORM_LABELS = {str(f.value): str(f.label) for f in MEETING_FORMS}


class MeetingStatus(models.TextChoices):
    PROPOSED = "proposed", "Waiting for an answer"
    ACCEPTED = "accepted", "Planned"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"


class Outcome(models.TextChoices):
    HELD = "held", "Held"
    MISSED = "missed", "Did not happen"


class MeetingQuerySet(models.QuerySet):
    def planned(self):
        return self.filter(status=MeetingStatus.ACCEPTED)

    def waiting_answer(self):
        return self.filter(status=MeetingStatus.PROPOSED)

    def involving(self, user):
        return self.filter(Q(match__mentor=user) | Q(match__mentee=user))

    def held(self):
        return self.filter(status=MeetingStatus.ACCEPTED, outcome=Outcome.HELD)

    def to_ask_about(self, now: datetime):
        """Accepted meetings that have ended and that nobody has said held or missed yet."""
        return self.filter(status=MeetingStatus.ACCEPTED, outcome="", ends_at__lte=now)


class Meeting(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    # The calendar's name for this meeting: the same in every invitation, update, cancel and the feed.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Raised on every change a calendar must see (a new time, a cancel), as RFC 5545 asks.
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PROPOSED)
    # Who proposed the time now on the table: the other partner answers it.
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    form = models.CharField(max_length=10, choices=[(f.value, f.label) for f in MEETING_FORMS])
    place = models.CharField("place", max_length=200, blank=True)
    link = models.URLField("video link", max_length=500, blank=True)
    # What they mean to talk about: for the two partners only, never the coordinator.
    agenda = models.TextField("what to talk about", blank=True, max_length=2000)
    outcome = models.CharField(max_length=6, choices=Outcome.choices, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)
    # Claims: the reminder (for the time it was written for) and the "did you meet?" e-mail.
    reminded_for = models.DateTimeField(null=True, blank=True)
    asked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"),
            models.CheckConstraint(condition=Q(outcome__in=["", *Outcome.values]), name="meeting_outcome_valid"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(status=MeetingStatus.ACCEPTED), name="meeting_outcome_only_if_accepted"
            ),
        ]
        indexes = [
            models.Index(fields=["match", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self):
        return f"{self.match} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / timedelta(minutes=1))

    @property
    def is_open(self) -> bool:
        return self.status in (MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED)

    @property
    def when(self) -> str:
        return when_text(self.starts_at, self.ends_at)

    def answerer(self):
        """Who answers the time on the table: the partner of whoever proposed it."""
        return self.match.partner_of(self.proposed_by)


class EventKind(models.TextChoices):
    PROPOSED = "proposed", "proposed a meeting"
    COUNTERED = "countered", "proposed another time"
    ACCEPTED = "accepted", "accepted the meeting"
    DECLINED = "declined", "declined the meeting"
    RESCHEDULED = "rescheduled", "moved the meeting"
    CANCELLED = "cancelled", "cancelled the meeting"
    HELD = "held", "said the meeting was held"
    MISSED = "missed", "said the meeting did not happen"


class MeetingEvent(models.Model):
    """One step in a meeting's life: who, when, and the time it was about. The partners' words
    (a decline's note) are theirs: the coordinator's timeline shows the step, not the note."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="events")
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meeting_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(auto_now_add=True)
    starts_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["match", "at"])]

    def __str__(self):
        return f"{self.meeting_id} {self.kind}"


class CalendarFeed(models.Model):
    """A person's private calendar address (K2). Only a hash of its secret is kept: the address is
    shown once, when made; making a new one replaces the hash, so the old address stops working."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


def when_text(starts_at: datetime, ends_at: datetime) -> str:
    """A meeting's time as pages and e-mails say it, in the program's time zone, with the zone's name:
    "Tuesday 8 December 2026, 18:00 to 19:00 (MST)"."""
    from django.utils import dateformat, timezone

    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    day = dateformat.format(start, "l j F Y")
    until = dateformat.format(end, "H:i") if end.date() == start.date() else dateformat.format(end, "j F H:i")
    return f"{day}, {dateformat.format(start, 'H:i')} to {until} ({start.tzname()})"
