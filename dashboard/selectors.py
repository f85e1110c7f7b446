"""The program at a glance (D1), its charts' data (D2), the coordinator's lists, search and match page,
and a mentor's hours statement (E4): every read of the dashboard's pages.

The glance and the charts are computed for the dashboard's snapshot (``snapshot.py``); the alerts
read live at each view (urgent concerns, failed e-mails) are not part of the glance.

Every function makes a fixed number of queries whatever the program's size. What a
figure means (hours reported, response rate, at risk) is decided in the app that owns
it: this module only gathers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateField,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3

from agreements.models import Kind, Signature
from agreements.selectors import unsigned_matches
from checkins import dates
from checkins import selectors as checkins
from checkins.models import HOURS_FIELDS, CheckIn, CheckInStatus, NotebookEntry
from match_requests.selectors import waiting_count as requests_waiting_count
from matches.models import CloseReason, Match, MatchEvent, MatchStatus
from matches.selectors import mentors_with_free_places, waiting_mentees
from meetings import selectors as meetings
from meetings.models import Meeting, MeetingEvent, MeetingStatus
from outbox.models import Message as OutboxMessage
from outbox.models import MessageStatus
from plans import selectors as plans
from plans.models import PlanEvent
from plans.models import event_text as plan_event_text
from profiles.models import MenteeCategory, Profile, Role, Status, User
from support.selectors import concern_counts

from .models import GroupMessage

RECENT_DAYS = 30
AT_RISK_SHOWN = 6


@dataclass
class Glance:
    month: date
    active_matches: int
    waiting_mentees: int
    mentors_with_places: int
    requests_waiting: int  # mentees' requests waiting for a mentor's answer (M8)
    checkins_total: int
    checkins_answered: int
    hours: list[tuple[str, Decimal]]
    at_risk_count: int
    at_risk: list  # the first few, with reasons
    concerns: dict  # {"open", "urgent_open", "acknowledged"}
    unsigned: int
    plans_started: int
    actions_overdue: int
    recent_closures: list[Match]
    meetings_held: int = 0  # this calendar month, so far
    today: date | None = None

    @property
    def response_rate(self) -> int | None:
        return checkins.response_rate(self.checkins_answered, self.checkins_total)

    @property
    def hours_total(self) -> Decimal:
        return sum((h for _, h in self.hours), Decimal("0"))

    @property
    def hours_month(self) -> date:
        return dates.previous_month(self.month)


def glance(today: date | None = None) -> Glance:
    today = today or timezone.localdate()
    month = (
        CheckIn.objects.filter(month__lte=dates.month_start(today))
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    month = month or dates.month_start(today)
    this_month = CheckIn.objects.filter(month=month)
    counts = checkins.response_counts(this_month)
    concerns = concern_counts()
    found = checkins.at_risk_found(today)
    return Glance(
        month=month,
        active_matches=Match.objects.active().count(),
        waiting_mentees=waiting_mentees().count(),
        mentors_with_places=mentors_with_free_places().count(),
        requests_waiting=requests_waiting_count(),
        checkins_total=counts["total"],
        checkins_answered=counts["answered"],
        hours=checkins.hours_reported_in(month),
        at_risk_count=len(found),
        at_risk=checkins.at_risk(today, only=list(found)[:AT_RISK_SHOWN], found=found),
        concerns=concerns,
        unsigned=unsigned_matches().count(),
        plans_started=plans.plans_started(),
        actions_overdue=plans.actions_overdue(today),
        recent_closures=list(
            Match.objects.filter(status=MatchStatus.CLOSED, closed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
            .select_related("mentor", "mentee")
            .order_by("-closed_at")[:5]
        ),
        meetings_held=meetings.held_between(today.replace(day=1), today),
        today=today,
    )


def last_months(count: int = 12, today: date | None = None, include_current: bool = False) -> list[date]:
    month = dates.month_start(today or timezone.localdate())
    if include_current:
        month = dates.next_month(month)
    months = []
    for _ in range(count):
        month = dates.previous_month(month)
        months.append(month)
    return list(reversed(months))


def active_matches_by_month(months: list[date]) -> list[tuple[date, int]]:
    """Matches active at the end of each month, in one query."""
    aggregates = {}
    for i, m in enumerate(months):
        end = timezone.make_aware(datetime.combine(dates.next_month(m), time.min))
        aggregates[f"m{i}"] = Count(
            "pk", filter=Q(started_at__lt=end) & (Q(closed_at__isnull=True) | Q(closed_at__gte=end))
        )
    counts = Match.objects.exclude(status=MatchStatus.PROPOSED).aggregate(**aggregates)
    return [(m, counts[f"m{i}"]) for i, m in enumerate(months)]


def participants_found(
    *, role: str = "", status: str = "", category: str = "", discipline_id: int | None = None, at_risk: bool = False
) -> QuerySet[Profile]:
    """People for the participants list, with their count of active matches (``active``), by name.
    Each filter left empty is not applied; ``at_risk`` keeps the partners of matches at risk."""
    # Counted by a subquery per person shown, not by joining every match of the program before the page's
    # LIMIT (that took 180 ms at 10,000 people); unused by the COUNT of the pages, which then drops it.
    active = (
        Match.objects.active()
        .filter(Q(mentor=OuterRef("user_id")) | Q(mentee=OuterRef("user_id")))
        .order_by()
        .values("status")
        .annotate(n=Count("pk"))
        .values("n")
    )
    profiles = Profile.objects.select_related("user", "discipline").annotate(
        active=Coalesce(Subquery(active, output_field=IntegerField()), 0)
    )
    if role:
        profiles = profiles.filter(role=role)
    if status:
        profiles = profiles.filter(status=status)
    if category:
        profiles = profiles.filter(category=category)
    if discipline_id is not None:
        profiles = profiles.filter(discipline_id=discipline_id)
    if at_risk:
        people = {person for mentor, mentee, _, _ in checkins.at_risk_found().values() for person in (mentor, mentee)}
        profiles = profiles.filter(user_id__in=people)
    return profiles.order_by("user__name", "pk")


# A number no row has, to reverse a URL once and write each row's by formatting (cheaper than a {% url %} a row).
_ANY_PK = 987654321


def url_pattern(name: str) -> str:
    """The URL ``name`` takes with one id, as a ``str.format`` pattern: ``url_pattern(name).format(pk)``."""
    return reverse(name, args=[_ANY_PK]).replace(str(_ANY_PK), "{}")


def participant_rows(profiles) -> list[dict]:
    """What the participants list writes of each of ``profiles`` (``participants_found``' rows): text and links,
    made here at once rather than by a model, display methods and ``{% url %}`` per row."""
    roles, statuses, categories = dict(Role.choices), dict(Status.choices), dict(MenteeCategory.choices)
    review, statement = url_pattern("profiles:review_detail"), url_pattern("dashboard:mentor_statement")
    return [
        {
            "url": review.format(pk),
            "name": name,
            "email": email,
            "role": roles.get(role, role),
            "category": categories.get(category, category) if category else "",
            "statement_url": statement.format(user_id) if role == Role.MENTOR and status == Status.APPROVED else "",
            "discipline": str(discipline),  # "None" without one, as the page always wrote it
            "status": statuses.get(status, status),
            "active": active,
        }
        for pk, user_id, name, email, role, category, status, discipline, active in profiles.values_list(
            "pk", "user_id", "user__name", "user__email", "role", "category", "status", "discipline__name", "active"
        )
    ]


def match_rows(matches, reasons: dict | None = None) -> list[dict]:
    """What the matches list writes of each of ``matches`` (``matches_found``' rows), made at once as text and
    links; ``reasons``: {match id: why it is at risk} for those the page explains."""
    statuses, closes = dict(MatchStatus.choices), dict(CloseReason.choices)
    page = url_pattern("dashboard:match")
    return [
        {
            "pk": pk,
            "url": page.format(pk),
            "mentee": mentee,
            "mentor": mentor,
            # "None" for a mentee without a discipline, nothing for one without a profile: as the page always wrote
            "discipline": "" if profile is None else str(discipline),
            "status": statuses.get(status, status),
            "close_reason": str(closes.get(reason, reason)).lower() if reason else "",
            "started": day_shown(started_at) or "—",
        }
        for pk, mentee, mentor, profile, discipline, status, reason, started_at in matches.values_list(
            "pk",
            "mentee__name",
            "mentor__name",
            "mentee__profile__id",
            "mentee__profile__discipline__name",
            "status",
            "close_reason",
            "started_at",
        )
    ]


def matches_found(
    *,
    status: str = "",
    reason: str = "",
    discipline_id: int | None = None,
    at_risk: dict | None = None,
    unsigned: bool = False,
    recent: bool = False,
) -> QuerySet[Match]:
    """Matches for the matches list, latest first. ``at_risk`` (``checkins.selectors.at_risk_found()``,
    which the caller keeps to describe the page's matches) keeps those at risk."""
    queryset = Match.objects.select_related("mentor", "mentee", "mentee__profile__discipline")
    if status:
        queryset = queryset.filter(status=status)
    if reason:
        queryset = queryset.filter(close_reason=reason)
    if discipline_id is not None:
        queryset = queryset.filter(mentee__profile__discipline_id=discipline_id)
    if unsigned:
        queryset = queryset.filter(pk__in=unsigned_matches().values("pk"))
    if recent:
        queryset = queryset.filter(closed_at__gte=timezone.now() - timedelta(days=RECENT_DAYS))
    if at_risk is not None:
        queryset = queryset.filter(pk__in=list(at_risk))
    return queryset.order_by("-started_at", "-created_at", "pk")


SEARCH_SHOWN = 25


def search_found(query: str) -> tuple[list[Profile], list[Match]]:
    """People and matches whose names or e-mails contain ``query``, the first few of each."""
    people = (
        Profile.objects.filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
        .select_related("user", "discipline")
        .order_by("user__name")
    )
    found = (
        Match.objects.filter(
            Q(mentor__name__icontains=query)
            | Q(mentor__email__icontains=query)
            | Q(mentee__name__icontains=query)
            | Q(mentee__email__icontains=query)
        )
        .select_related("mentor", "mentee")
        .order_by("-started_at", "-created_at")
    )
    return list(people[:SEARCH_SHOWN]), list(found[:SEARCH_SHOWN])


# What the match page shows of the match and of each partner: not their whole accounts and profiles.
MATCH_SHOWN = ("status", "close_reason", "started_at", "closed_at", "score", "reasons", "mentor", "mentee")
PERSON_SHOWN = ("name", "called", "email")
PROFILE_SHOWN = ("role", "category", "years_experience", "channels", "city", "looking_for_mentor", "discipline__name")


def match_shown(pk: int) -> Match:
    """A match with its people, for the coordinator's match page (``coordinator_required`` decides who
    may see it); 404 when there is none."""
    fields = [
        *MATCH_SHOWN,
        *(f"{person}__{field}" for person in ("mentor", "mentee") for field in PERSON_SHOWN),
        *(f"{person}__profile__{field}" for person in ("mentor", "mentee") for field in PROFILE_SHOWN),
    ]
    return get_object_or_404(
        Match.objects.select_related("mentor__profile__discipline", "mentee__profile__discipline").only(*fields), pk=pk
    )


@dataclass
class MatchRecords:
    """What the match page shows of six tables, read in one query (``match_records``); oldest first but the
    meetings and the contacts."""

    events: list[tuple]  # the match's own: (at, from status, to status, close reason, note)
    signatures: list[tuple]  # (signed at, signer's id, signer's name, agreement's kind), as statuses_for takes them
    plan_events: list[tuple]  # (at, kind, detail, version)
    meeting_events: list[tuple]  # (at, actor's name or None, kind, the meeting's start)
    meetings: list[tuple]  # accepted: (starts at, ends at, form, outcome), latest first, as meetings_shown takes them
    contacts: list  # the notebook's entries as checkins.selectors.contacts_shown shows them, latest day first


_NO_TEXT = Value("", output_field=CharField())


def _shaped(queryset, source: int, at: str, texts: tuple[str, ...], number: str = "", moment: str = "", day: str = ""):
    """``queryset``'s rows in the one shape the union of ``match_records`` takes: (source, at, pk, four texts,
    a number, a moment, a day), each column missing as an empty text or a NULL of its type (a NULL alone would be
    read as text by PostgreSQL's union and clash with the moments)."""
    texts = (*texts, "", "", "", "")[:4]
    columns = {
        "r_source": Value(source, output_field=IntegerField()),
        "r_at": F(at),
        "r_pk": F("pk"),
        **{f"r_text{i}": F(field) if field else _NO_TEXT for i, field in enumerate(texts)},
        "r_number": F(number) if number else Cast(Value(None), IntegerField()),
        "r_moment": F(moment) if moment else Cast(Value(None), DateTimeField()),
        "r_day": F(day) if day else Cast(Value(None), DateField()),
    }
    return queryset.order_by().annotate(**columns).values_list(*columns)


def _records_union(match_id: int):
    """The union ``match_records`` runs: the six tables' rows of match ``match_id``, in one shape."""
    # Of the notebook, no more than anyone but the partners may read (checkins.selectors.CONTACT_COLUMNS).
    day, form, minutes = checkins.CONTACT_COLUMNS
    return (
        _shaped(MatchEvent.objects.filter(match_id=match_id), 0, "at", ("from_status", "to_status", "reason", "note"))
        .union(
            _shaped(
                Signature.objects.filter(agreement__match_id=match_id),
                1,
                "signed_at",
                ("signer__name", "agreement__kind"),
                "signer_id",
            ),
            _shaped(PlanEvent.objects.filter(match_id=match_id), 2, "at", ("kind", "detail"), "version"),
            _shaped(
                MeetingEvent.objects.filter(match_id=match_id), 3, "at", ("actor__name", "kind"), moment="starts_at"
            ),
            _shaped(
                Meeting.objects.filter(match_id=match_id, status=MeetingStatus.ACCEPTED),
                4,
                "starts_at",
                ("form", "outcome"),
                moment="ends_at",
            ),
            _shaped(NotebookEntry.objects.filter(match_id=match_id), 5, "created_at", (form,), number=minutes, day=day),
            all=True,
        )
        .order_by("r_source", "r_at", "r_pk")
    )


# A match id no row has: the union is compiled once for it (building and compiling six querysets took longer
# than running them), then run for each match with its id in that parameter's place.
_ANY_MATCH = -987654321
_records_compiled: dict[tuple[str, str], tuple] = {}


def _records_rows(match_id: int) -> list:
    """The rows of ``_records_union(match_id)``, from its SQL compiled once per database connection setting."""
    key = (connection.alias, connection.vendor)
    if key not in _records_compiled:
        compiler = _records_union(_ANY_MATCH).query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
        _records_compiled[key] = (sql, params, compiler, converters)
    sql, params, compiler, converters = _records_compiled[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, [match_id if param == _ANY_MATCH else param for param in params])
        rows = cursor.fetchall()
    return list(compiler.apply_converters(rows, converters)) if converters else rows


def match_records(match: Match) -> MatchRecords:
    """The match's events, signatures, plan events, meeting events, accepted meetings and contact logged in its
    notebook: one query (a union) rather than six, for the match page's timeline, agreements, meetings and
    contact."""
    by_source: list[list[tuple]] = [[], [], [], [], [], []]
    for source, at, _, text0, text1, text2, text3, number, moment, day in _records_rows(match.pk):
        if source == 0:
            by_source[0].append((at, text0, text1, text2, text3))
        elif source == 1:
            by_source[1].append((at, number, text0, text1))
        elif source == 2:
            by_source[2].append((at, text0, text1, number))
        elif source == 3:
            by_source[3].append((at, text0, text1, moment))
        elif source == 4:
            by_source[4].append((at, moment, text0, text1))
        else:
            by_source[5].append((day, at, text0, number))
    events, signatures, plan_events, meeting_events, accepted, entries = by_source
    entries.sort(key=lambda entry: entry[:2], reverse=True)  # latest day first, then latest written
    contacts = checkins.contacts_shown((day, form, minutes) for day, _, form, minutes in entries)
    return MatchRecords(events, signatures, plan_events, meeting_events, accepted[::-1], contacts)


def match_timeline(
    match: Match, checkin_rows: list[CheckIn] | None = None, records: MatchRecords | None = None
) -> list[tuple]:
    """Everything that happened in a partnership, latest first: (moment, kind, text, note).

    Contact from the notebook appears as that it happened, never what was written (``checkin_rows``:
    ``checkins.selectors.checkins_of(match)`` when the caller has it already; ``records``:
    ``match_records(match)``, likewise).
    """
    records = match_records(match) if records is None else records
    items = []
    statuses, reasons = dict(MatchStatus.choices), dict(CloseReason.choices)
    for at, from_status, to_status, reason, note in records.events:
        text = f"{str(statuses.get(from_status, from_status)) + ' → ' if from_status else ''}"
        text += str(statuses.get(to_status, to_status))
        if reason:
            text += f" ({str(reasons.get(reason, reason)).lower()})"
        items.append((at, "Match", text, note))
    for checkin in checkins.checkins_of(match) if checkin_rows is None else checkin_rows:
        if checkin.status == CheckInStatus.ANSWERED:
            detail = f"{checkin.person.name}: answered{' late' if checkin.late else ''}"
            if checkin.is_mentor:
                detail += f", {checkin.total_hours.normalize():f} h in {checkin.hours_month:%B}"
            items.append((checkin.answered_at or checkin.opened_at, "Check-in", detail, ""))
        else:
            items.append(
                (checkin.opened_at, "Check-in", f"{checkin.person.name}: {checkin.get_status_display().lower()}", "")
            )
    for contact in records.contacts:
        moment = timezone.make_aware(datetime.combine(contact.date, time.min))
        items.append((moment, "Contact", f"{contact.form}, {contact.minutes} min", ""))
    kinds = dict(Kind.choices)
    for signed_at, _, signer, kind in records.signatures:
        items.append((signed_at, "Agreement", f"{signer} signed the {str(kinds.get(kind, kind)).lower()}", ""))
    for at, kind, detail, version in records.plan_events:
        items.append((at, "Plan", plan_event_text(kind, detail, version), ""))
    for at, actor_name, kind, starts_at in records.meeting_events:
        items.append((at, "Meeting", meetings.event_text(actor_name, kind, starts_at), ""))
    items.sort(key=lambda item: item[0], reverse=True)
    return items


def day_shown(moment: date | datetime | None) -> str:
    """``moment|date:"j M Y"`` (in the current time zone), for pages that show many: the filter's own
    formatting costs tens of microseconds a date."""
    if moment is None:
        return ""
    if isinstance(moment, datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{moment.day} {MONTHS_3[moment.month].title()} {moment.year}"


def approved_mentor(pk: int) -> User:
    """An approved mentor, whose hours statement a coordinator may make; 404 for anyone else."""
    return get_object_or_404(User, pk=pk, profile__role=Role.MENTOR, profile__status=Status.APPROVED)


@dataclass
class Statement:
    mentor: object
    start: date
    end: date
    rows: list[tuple[date, list[Decimal], Decimal]]
    totals: list[Decimal]
    total: Decimal
    labels: list[str]


def first_mentoring_month(mentor) -> date | None:
    """The month of the mentor's first partnership, when there is one."""
    first = (
        Match.objects.filter(mentor=mentor, started_at__isnull=False)
        .order_by("started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return dates.month_start(timezone.localdate(first)) if first else None


def hours_statement(mentor, start: date, end: date) -> Statement:
    """A mentor's reported hours for each month from ``start`` (not before their first partnership) to
    ``end``, by form, with totals (E4)."""
    first = first_mentoring_month(mentor)
    if first and start < first:
        start = first
    months, month = [], start
    while month <= end:
        months.append(month)
        month = dates.next_month(month)
    table = [(m, values, sum(values, Decimal("0"))) for m, values in checkins.hours_by_month(months, mentor=mentor)]
    totals = [sum((values[i] for _, values, _ in table), Decimal("0")) for i in range(len(HOURS_FIELDS))]
    return Statement(
        mentor=mentor,
        start=start,
        end=end,
        rows=table,
        totals=totals,
        total=sum(totals, Decimal("0")),
        labels=[hours.label for hours in HOURS_FIELDS],
    )


def group_messages():
    """The coordinator's messages to groups, newest first, with who sent them."""
    return GroupMessage.objects.select_related("sent_by").defer("body", "params")


@dataclass(frozen=True)
class Deliveries:
    delivered: int = 0
    failed: int = 0
    waiting: int = 0


def group_message_deliveries(messages) -> dict[GroupMessage, Deliveries]:
    """{message: how many of its e-mails were delivered, failed, or wait}: one query per message shown, on the
    outbox's index of the keys of e-mails not sent (``dashboard.message:<pk>:...``). Those delivered are the
    e-mails written (``emails``: the outbox keeps every row) less those not sent, rather than counted one by one
    (a message to 15,000 people took 175 ms); a message written before ``emails`` was kept counts them."""
    found = {}
    for message in messages:
        rows = OutboxMessage.objects.filter(key__startswith=message.key_prefix).order_by()
        if message.emails is not None:
            rows = rows.exclude(status=MessageStatus.SENT)
        counts = dict(rows.values_list("status").annotate(n=Count("pk")))
        if message.emails is not None:
            counts[MessageStatus.SENT] = message.emails - sum(counts.values())
        found[message] = Deliveries(
            delivered=counts.get(MessageStatus.SENT, 0),
            failed=counts.get(MessageStatus.FAILED, 0),
            waiting=counts.get(MessageStatus.QUEUED, 0) + counts.get(MessageStatus.SENDING, 0),
        )
    return found
