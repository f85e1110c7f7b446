"""Reads of meetings: a partnership's meetings for its partners, what waits on a person's home, what the
coordinator may see (that meetings happen: dates, form, length; never what they were to talk about),
the figures, and a person's calendar feed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from checkins.models import CheckIn
from core.cache import cache_call
from matches.models import Match
from plans.content import OPEN_STATUSES
from plans.models import Action, Checkpoint
from plans.selectors import content_of, plan_for_match
from profiles.models import User
from profiles.selectors import program_shown

from . import calendar, emails
from .models import CalendarFeed, EventKind, Meeting, MeetingEvent, MeetingStatus, Outcome

SHOWN_PAST = 10


def _day_began(now: datetime) -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(now), time.min))


@dataclass
class MatchMeetings:
    upcoming: list[Meeting]  # proposals and planned meetings to come
    to_ask: list[Meeting]  # planned, over since yesterday, not yet said held or missed
    past: list[Meeting]  # the latest ones that are over: held, missed, declined, cancelled
    history: list[MeetingEvent]


def meetings_of_match(match: Match, now: datetime | None = None) -> MatchMeetings:
    """A partnership's meetings as its partners see them, agenda and all."""
    now = now or timezone.now()
    meetings = list(Meeting.objects.filter(match=match).select_related("proposed_by", "outcome_by"))
    for meeting in meetings:
        meeting.match = match
    began = _day_began(now)
    upcoming = [m for m in meetings if m.is_open and not m.outcome and m.ends_at > now]
    to_ask = [m for m in meetings if m.status == MeetingStatus.ACCEPTED and not m.outcome and m.ends_at <= began]
    shown = {m.pk for m in upcoming + to_ask}
    past = sorted((m for m in meetings if m.pk not in shown), key=lambda m: m.starts_at, reverse=True)
    history = list(
        MeetingEvent.objects.filter(match=match).select_related("actor").order_by("-at", "-pk")[: 3 * SHOWN_PAST]
    )
    return MatchMeetings(upcoming=upcoming, to_ask=to_ask, past=past[:SHOWN_PAST], history=history)


def plan_actions_open(match: Match) -> list[str]:
    """The mentee's open actions (their words), offered as things to talk about."""
    plan = plan_for_match(match)
    if not plan or not plan.version:
        return []
    return [
        action.what
        for goal in content_of(plan).short_goals
        for action in goal.actions
        if action.what and not action.is_done and action.status != "dropped"
    ][:6]


@dataclass
class Waiting:
    answer: list[Meeting]  # proposals waiting for this person's answer
    planned: list[Meeting]  # the next planned meetings
    to_ask: list[Meeting]  # "did you meet?"


def waiting_for(user: User, active: list[Match], now: datetime | None = None) -> Waiting:
    """What a participant's home shows of meetings, in one query: proposals to answer, the next planned
    meetings, and from the day after a meeting "did you meet?". ``active``: the user's active matches with
    both people, which the home has read already (``matches.selectors.partners_of``)."""
    if not active:
        return Waiting(answer=[], planned=[], to_ask=[])
    now = now or timezone.now()
    began = _day_began(now)
    by_pk = {match.pk: match for match in active}
    meetings = list(
        Meeting.objects.filter(match_id__in=list(by_pk), outcome="")
        .filter(
            Q(status=MeetingStatus.PROPOSED, starts_at__gt=now)
            | Q(status=MeetingStatus.ACCEPTED, ends_at__gt=now)
            | Q(status=MeetingStatus.ACCEPTED, ends_at__lte=began, starts_at__gte=now - timedelta(days=30))
        )
        .select_related("proposed_by")
    )
    for meeting in meetings:
        meeting.match = by_pk[meeting.match_id]
    return Waiting(
        answer=[m for m in meetings if m.status == MeetingStatus.PROPOSED and m.proposed_by_id != user.pk],
        planned=[m for m in meetings if m.status == MeetingStatus.ACCEPTED and m.ends_at > now][:3],
        to_ask=[m for m in meetings if m.status == MeetingStatus.ACCEPTED and m.ends_at <= began],
    )


def next_meeting(match: Match, now: datetime | None = None) -> Meeting | None:
    now = now or timezone.now()
    return (
        Meeting.objects.filter(match=match, status__in=[MeetingStatus.PROPOSED, MeetingStatus.ACCEPTED], outcome="")
        .filter(ends_at__gt=now)
        .select_related("proposed_by")
        .first()
    )


# What the coordinator sees: never the agenda or the partners' notes --------------------------------


@dataclass(frozen=True)
class MeetingShown:
    """A meeting as the coordinator sees it: when, how, how long, and what became of it."""

    starts_at: datetime
    form: str
    minutes: int
    status: str


def meetings_shown(rows) -> list[MeetingShown]:
    """The partnership's meetings planned and held (and those missed) as the coordinator sees them: no agenda, no
    place. ``rows``: its accepted meetings as (starts_at, ends_at, form, outcome), latest first (the match page
    reads them with its other records, in one query)."""
    labels = dict(Meeting._meta.get_field("form").choices or [])
    now = timezone.now()
    shown = []
    for starts_at, ends_at, form, outcome in rows:
        status = Outcome(outcome).label if outcome else ("Planned" if ends_at > now else "Not yet told")
        shown.append(
            MeetingShown(
                starts_at=starts_at,
                form=str(labels.get(form, form)),
                minutes=int((ends_at - starts_at) / timedelta(minutes=1)),
                status=status,
            )
        )
    return shown


EVENT_KINDS = dict(EventKind.choices)


def event_text(actor_name: str | None, kind: str, starts_at: datetime) -> str:
    """A meeting's step as the match timeline writes it: who did what (``actor_name`` None: no one's), for
    which day."""
    who = "The program" if actor_name is None else actor_name
    return f"{who} {EVENT_KINDS.get(kind, kind)} ({timezone.localtime(starts_at):%-d %b %Y})"


def held_between(start: date, end: date) -> int:
    """Meetings held with a date from ``start`` to ``end`` (inclusive), across the program."""
    since = timezone.make_aware(datetime.combine(start, time.min))
    until = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    return Meeting.objects.held().filter(starts_at__gte=since, starts_at__lt=until).count()


def meeting_count_annotation(match: str = "pk") -> Coalesce:
    """Per match row: its meetings held, as one correlated subquery (for lists and the CSV)."""
    return Coalesce(
        Subquery(
            Meeting.objects.held()
            .filter(match=OuterRef(match))
            .order_by()
            .values("match")
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


# The private calendar feed (K2) ------------------------------------------------------------------


def feed_owner(token_hash: str) -> User | None:
    """The person whose feed address has this secret (hashed), or None: a revoked one opens nothing."""
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=token_hash, user__is_active=True).first()
    return feed.user if feed else None


def feed_of(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


FEED_PAST = timedelta(days=92)  # what a calendar keeps of what is over
FEED_AHEAD = timedelta(days=400)


def feed_entries(user: User, now: datetime | None = None) -> list[calendar.Entry]:
    """A person's calendar: their planned meetings (the invitations' UIDs), their check-ins' due dates,
    and the plan's checkpoints and action dates for each of their active partnerships. Four queries,
    however many events (the program's name comes from its cached copy)."""
    now = now or timezone.now()
    since, until = now - FEED_PAST, now + FEED_AHEAD
    program = program_shown()
    site = settings.SITE_URL
    entries: list[calendar.Entry] = []
    meetings = (
        Meeting.objects.involving(user)
        .planned()
        .filter(starts_at__gte=since, starts_at__lte=until)
        .exclude(outcome=Outcome.MISSED)
        .select_related("match__mentor", "match__mentee")
        .order_by("starts_at", "pk")
    )
    for meeting in meetings:
        entries.append(emails.calendar_entry(meeting, user, program, invitation=False))
    checkins = CheckIn.objects.filter(person=user, due_at__gte=since, due_at__lte=until)
    for checkin in checkins.only("pk", "month", "due_at", "opened_at").order_by("due_at", "pk"):
        entries.append(
            calendar.Entry(
                uid=calendar.uid_for("checkin", checkin.pk),
                summary=f"Mentoring: {checkin.month:%B} check-in due",
                start=timezone.localdate(checkin.due_at),
                url=f"{site}{reverse('checkins:answer', args=[checkin.pk])}",
                stamp=checkin.opened_at,
            )
        )
    first, last = timezone.localdate(since), timezone.localdate(until)
    # The mentees whose plans the person follows: their own, or their mentees' in active partnerships.
    mentees = Match.objects.active().involving(user).values("mentee")
    for checkpoint in Checkpoint.objects.filter(
        plan__mentee__in=mentees, on__gte=first, on__lte=last, held_on__isnull=True
    ).select_related("plan__mentee"):
        entries.append(
            calendar.Entry(
                uid=calendar.uid_for(
                    "checkpoint", f"{checkpoint.plan_id}-{checkpoint.position}-{checkpoint.on:%Y%m%d}"
                ),
                summary=f"Mentoring: {_whose(checkpoint.plan.mentee, user)} plan, checkpoint {checkpoint.position}",
                start=checkpoint.on,
                url=f"{site}{reverse('plans:detail', args=[checkpoint.plan_id])}",
                stamp=checkpoint.plan.updated_at,
            )
        )
    for action in Action.objects.filter(
        plan__mentee__in=mentees, due_on__gte=first, due_on__lte=last, status__in=OPEN_STATUSES
    ).select_related("plan__mentee"):
        entries.append(
            calendar.Entry(
                uid=calendar.uid_for(
                    "action", f"{action.plan_id}-{action.goal}-{action.position}-{action.due_on:%Y%m%d}"
                ),
                summary=f"Mentoring: {_whose(action.plan.mentee, user)} plan, "
                f"action {action.goal}.{action.position} due",
                start=action.due_on,
                url=f"{site}{reverse('plans:detail', args=[action.plan_id])}",
                stamp=action.plan.updated_at,
            )
        )
    return entries


def _whose(mentee: User, user: User) -> str:
    return "your" if mentee.pk == user.pk else f"{mentee.get_short_name()}'s"


@dataclass(frozen=True)
class Feed:
    etag: str  # the hash of what the calendar holds: the same events give the same ETag
    entries: list[calendar.Entry]
    name: str
    zone: str

    def body(self) -> bytes:
        """The .ics, from its copy in the cache when these events were written before (a calendar asks
        again every few hours, mostly for nothing new); else built with ``icalendar`` and the copy kept."""
        key = f"meetings.feed:{self.etag}"
        kept = cache_call("get", key)
        if isinstance(kept, bytes):
            return kept
        body = calendar.feed(self.entries, name=self.name)
        cache_call("set", key, body, timeout=FEED_KEPT_SECONDS)
        return body


FEED_KEPT_SECONDS = 24 * 3600


def feed_for(user: User, now: datetime | None = None) -> Feed:
    """A person's feed: its events read (four queries) and their fingerprint, before any calendar text is
    built, so an unchanged feed answers 304 without building it."""
    entries = feed_entries(user, now)
    name = f"{program_shown().program_name}: {user.get_short_name()}"
    zone = timezone.get_current_timezone_name()
    fingerprint = hashlib.sha256(repr((calendar.PRODID, zone, name, entries)).encode()).hexdigest()[:32]
    return Feed(etag=f'"{fingerprint}"', entries=entries, name=name, zone=zone)
