"""Reading check-ins: what can still change, the hours mentors reported, response rates,
contact seen from outside the pair, and the early warnings (C7).

This module owns these ideas; the dashboard, the exports and the statements ask it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from core import tokens
from matches.models import Match, MatchStatus
from matches.pool import pool_token
from outbox.selectors import messages_by_key
from profiles.models import Channel, Role, User
from profiles.names import names_token

from . import dates
from .emails import email_key
from .models import (
    HOURS_FIELDS,
    CheckIn,
    CheckInQuerySet,
    CheckInStatus,
    MonthFigures,
    NotebookEntry,
    PartnershipStatus,
    QuietEpisode,
)

NO_CONTACT_DAYS = 45


# What can still change ------------------------------------------------------------------------------


def checkin_is_editable(checkin: CheckIn, now: datetime | None = None) -> bool:
    """Open check-ins can be answered; answered ones changed until the window closes (C4, C5); nothing
    of a closed partnership changes."""
    return checkin.match.status == MatchStatus.ACTIVE and checkin_window_open(checkin, now)


def checkin_window_open(checkin: CheckIn, now: datetime | None = None) -> bool:
    """``checkin_is_editable`` for a check-in whose partnership is known to be active."""
    now = now or timezone.now()
    if checkin.status in (CheckInStatus.MISSED, CheckInStatus.WITHDRAWN):
        return False
    return checkin.status == CheckInStatus.OPEN or now <= checkin.due_at


def checkins_editable(person, now: datetime | None = None) -> QuerySet:
    """The person's check-ins they can still answer or change (as ``checkin_is_editable`` says), the
    latest month first, with their matches' people: their home page lists them."""
    now = now or timezone.now()
    return (
        CheckIn.objects.filter(person=person, match__status=MatchStatus.ACTIVE)
        .filter(Q(status=CheckInStatus.OPEN) | Q(status=CheckInStatus.ANSWERED, due_at__gte=now))
        .select_related("match__mentor", "match__mentee")
        .order_by("-month")
    )


def notebook_hours(*, match: Match, month: date) -> dict[str, Decimal]:
    """Hours logged in the match's notebook in ``month``, by form of contact, in quarter hours (C6)."""
    totals = dict(
        NotebookEntry.objects.filter(match=match, date__gte=month, date__lte=dates.month_end(month))
        .values_list("form")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    return {
        hours.field: (Decimal(totals.get(hours.form, 0)) / 60 * 4).quantize(Decimal("1")) / 4 for hours in HOURS_FIELDS
    }


# Contact, as the coordinator may see it -------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """That two partners were in touch, when, how and how long: never what they wrote."""

    date: date
    form: str
    minutes: int


# All that anyone but the two partners may read of a notebook entry: the one place that rule lives.
CONTACT_COLUMNS = ("date", "form", "minutes")


def contacts_shown(rows) -> list[Contact]:
    """A match's notebook as anyone but the two partners may see it: ``rows``, its kept entries'
    ``CONTACT_COLUMNS`` (the coordinator's match page reads them with its other records, in one query)."""
    return [Contact(day, Channel(form).label, minutes) for day, form, minutes in rows]


# What the coordinator's match page shows of a check-in (of the person who owes it: their name, no more).
CHECKIN_SHOWN = (
    "match_id",
    "person_id",
    "role",
    "month",
    "hours_month",
    "status",
    "opened_at",
    "answered_at",
    "late",
    "update",
    "partnership_status",
    "continues",
    "concern",
    *(hours.field for hours in HOURS_FIELDS),
)


def checkins_of(match: Match) -> list[CheckIn]:
    """The match's check-ins, latest month first and the mentor's before the mentee's, with the name of each
    person: read once for the coordinator's match page (``answers_by_month`` and the dashboard's timeline)."""
    checkins = CheckIn.objects.filter(match=match).order_by("-month", "role")
    if not (Match.mentor.is_cached(match) and Match.mentee.is_cached(match)):
        return list(checkins.select_related("person").only(*CHECKIN_SHOWN, "person__name"))
    # Each person is one of the match's partners, read with it already (match_shown): not joined again for every
    # row, nor made again from each.
    partners = {match.mentor_id: match.mentor, match.mentee_id: match.mentee}
    rows = list(checkins.only(*CHECKIN_SHOWN))
    for checkin in rows:
        if checkin.person_id in partners:
            checkin.person = partners[checkin.person_id]
    return rows


def answers_by_month(
    match: Match, checkins: list[CheckIn] | None = None
) -> list[tuple[date, CheckIn | None, CheckIn | None]]:
    """The match's check-ins as (month, the mentor's, the mentee's), latest month first (``checkins``:
    ``checkins_of(match)`` when the caller has it already)."""
    months: dict[date, dict[str, CheckIn]] = {}
    for checkin in checkins_of(match) if checkins is None else checkins:
        months.setdefault(checkin.month, {})[checkin.role] = checkin
    return [(month, roles.get("mentor"), roles.get("mentee")) for month, roles in months.items()]


# Hours mentors reported (C2, D1, D2, D4, E4) -----------------------------------------------------------


def _hours_sums() -> dict[str, Sum]:
    return {hours.field: Sum(hours.field) for hours in HOURS_FIELDS}


def _hours_values(row: dict | None) -> list[Decimal]:
    # Hundredths, whichever the database and whether summed now or read from a rollup.
    return [Decimal((row or {}).get(hours.field) or 0).quantize(CENT) for hours in HOURS_FIELDS]


CENT = Decimal("0.01")


def hours_by_month(months: list[date], *, mentor=None) -> list[tuple[date, list[Decimal]]]:
    """Hours reported for each of ``months`` (the month the hours were spent in), by form of contact.

    For one mentor with ``mentor``, otherwise the whole program: closed months from their rollups
    (``MonthFigures``), the others added up from the check-ins. At most two queries.
    """
    if not months:
        return []
    rows = {} if mentor is not None else closed_month_figures(months)
    reported = CheckIn.objects.hours_reported()
    if mentor is not None:
        reported = reported.filter(person=mentor, hours_month__gte=months[0], hours_month__lte=months[-1])
    else:
        reported = reported.filter(hours_month__in=[m for m in months if m not in rows])
    rows.update(
        {row["hours_month"]: row for row in reported.values("hours_month").annotate(**_hours_sums()).order_by()}
    )
    return [(month, _hours_values(rows.get(month))) for month in months]


def closed_month_figures(months: list[date]) -> dict[date, dict]:
    """{month: its rollup's figures} for those of ``months`` that are closed and rolled up. One query."""
    fields = ["month", "answered", "total", *(hours.field for hours in HOURS_FIELDS)]
    return {row["month"]: row for row in MonthFigures.objects.filter(month__in=months).values(*fields)}


def hours_reported_in(month: date) -> list[tuple[str, Decimal]]:
    """(form label, hours) reported in the check-ins opened in ``month``."""
    sums = CheckIn.objects.hours_reported().filter(month=month).aggregate(**_hours_sums())
    return [(hours.label, value) for hours, value in zip(HOURS_FIELDS, _hours_values(sums), strict=True)]


MENTORS_PER_CHUNK = 500


def hours_by_mentor_and_month(
    start: date | None = None, end: date | None = None
) -> Iterator[tuple[str, str, date, list[Decimal]]]:
    """(mentor name, e-mail, month, hours by form) for every mentor and month with hours reported, by name,
    e-mail and month, streamed.

    Never one sort of every check-in of the program: the mentors are read in order (one query),
    then their sums by month ``MENTORS_PER_CHUNK`` mentors at a time (one query each, on the check-ins'
    (person, month) index), as tuples rather than models or dicts.
    """
    reported = CheckIn.objects.hours_reported()
    if start:
        reported = reported.filter(hours_month__gte=start)
    if end:
        reported = reported.filter(hours_month__lte=end)
    # Every mentor's check-in is his as a match's mentor: those who ever mentored (a few thousand, found from
    # the matches), of whom those without hours make no row.
    mentors = list(
        User.objects.filter(pk__in=Match.objects.values("mentor_id"))
        .order_by("name", "email", "pk")
        .values_list("pk", "name", "email")
    )
    fields = [hours.field for hours in HOURS_FIELDS]
    for first in range(0, len(mentors), MENTORS_PER_CHUNK):
        chunk = mentors[first : first + MENTORS_PER_CHUNK]
        months: dict[int, list[tuple]] = {}
        for person_id, month, *hours in (
            reported.filter(person_id__in=[pk for pk, _, _ in chunk])
            .values_list("person_id", "hours_month")
            .annotate(*(Sum(name) for name in fields))
            .order_by("person_id", "hours_month")
        ):
            months.setdefault(person_id, []).append((month, hours))
        for pk, name, email in chunk:
            for month, hours in months.get(pk, ()):
                # Hundredths already (sums of a field of hundredths, never empty), whichever the database.
                yield name, email, month, hours


# What core.csv.neutralise does to a text cell, in SQL: a leading apostrophe before = + - @ tab or CR.
_NEUTRALISED = "CASE WHEN left({0}, 1) IN ('=', '+', '-', '@', E'\\t', E'\\r') THEN '''' || {0} ELSE {0} END"


EXPORT_WORK_MEM = "256MB"  # PostgreSQL's memory for the hours export's sort (a ceiling: used only as needed)


def hours_by_mentor_and_month_csv(start: date | None = None, end: date | None = None) -> Iterator[bytes] | None:
    """The rows of ``hours_by_mentor_and_month`` as CSV written by PostgreSQL (COPY), in pieces of about
    64 KB: mentor name and e-mail (neutralised as core.csv does), month as YYYY-MM, the sums by form of
    contact and their total, in the same order and with the same figures ("1.50", "0.00"); None on
    another database.

    One query, the hours reported summed and sorted by the database and never turned into Python objects:
    a big program's half a million mentor-months are streamed as the server writes them.
    """
    if connection.vendor != "postgresql":
        return None
    sums = [f"sum(c.{hours.field})" for hours in HOURS_FIELDS]
    total = "sum(" + " + ".join(f"c.{hours.field}" for hours in HOURS_FIELDS) + ")"
    params: list = [Role.MENTOR.value, CheckInStatus.ANSWERED.value]
    period = _period("c.hours_month", start, end, params)
    # The mentors numbered in the order of hours_by_mentor_and_month (name, e-mail, pk) first, so that the
    # mentor-months are sorted by that number and the month rather than by their texts.
    statement = (
        "COPY (WITH mentors AS ("
        f" SELECT id, name, email, row_number() OVER (ORDER BY name, email, id) AS place FROM {User._meta.db_table}"
        f" WHERE id IN (SELECT mentor_id FROM {Match._meta.db_table}))"
        f" SELECT {_NEUTRALISED.format('m.name')}, {_NEUTRALISED.format('m.email')},"
        f" to_char(c.hours_month, 'YYYY-MM'), {', '.join(sums)}, {total}"
        f" FROM {CheckIn._meta.db_table} c JOIN mentors m ON m.id = c.person_id"
        f" WHERE c.role = %s AND c.status = %s{period}"
        " GROUP BY m.place, c.hours_month, m.name, m.email ORDER BY m.place, c.hours_month"
        ") TO STDOUT WITH (FORMAT csv)"
    )

    # Half a million mentor-months are sorted by the database: in memory rather than in files on disk,
    # about 400 ms sooner at 50,000 people (some 110 MB, for this one statement of the coordinator's).
    return _copied(statement, params, work_mem=EXPORT_WORK_MEM)


def _period(column: str, start: date | None, end: date | None, params: list) -> str:
    """The SQL that keeps the rows of ``column`` from ``start`` to ``end`` (either may be missing), its
    values appended to ``params``."""
    period = ""
    if start:
        period += f" AND {column} >= %s"
        params.append(start)
    if end:
        period += f" AND {column} <= %s"
        params.append(end)
    return period


def _copied(statement: str, params: list, *, work_mem: str = "") -> Iterator[bytes]:
    """What PostgreSQL writes for ``COPY (...) TO STDOUT``, in pieces of about 64 KB, as the server writes it
    (``work_mem``: the memory its sorts may take, for this statement only)."""
    with transaction.atomic(), connection.cursor() as cursor:
        if work_mem:
            cursor.execute(f"SET LOCAL work_mem = '{work_mem}'")
        with cursor.cursor.copy(statement, params) as copy:
            piece = bytearray()
            for data in copy:
                piece += data
                if len(piece) >= 65536:
                    yield bytes(piece)
                    piece.clear()
            yield bytes(piece)


def _labels(column: str, choices, params: list) -> str:
    """SQL for the label of ``column``'s value among ``choices`` (the value itself when none), its labels
    passed in ``params``."""
    cases = []
    for value, label in choices:
        cases.append("WHEN %s THEN %s")
        params += [value, str(label)]
    return f"CASE {column} {' '.join(cases)} ELSE {column} END"


def checkins_csv(start: date | None = None, end: date | None = None) -> Iterator[bytes] | None:
    """The rows of the check-ins export (``dashboard.exports.checkin_rows``: one a check-in of the months
    ``start`` to ``end``, latest month first) as CSV written by PostgreSQL (COPY), with the same cells: the
    labels of role, status and partnership status, "yes"/"no", the answer's time as Python's isoformat
    writes it (UTC), the hours and their total for mentors only, text cells neutralised as core.csv does.
    None on another database.

    A whole program at 50,000 people is 1.5 million check-ins: read row by row in Python, some 40 s, longer
    than a web worker may take; written by the server, a few seconds.
    """
    if connection.vendor != "postgresql":
        return None
    params: list = []
    role = _labels("c.role", Role.choices, params)
    status = _labels("c.status", CheckInStatus.choices, params)
    said = _labels("c.partnership_status", PartnershipStatus.choices, params)
    mentor = "c.role = %s"
    cells = [
        "to_char(c.month, 'YYYY-MM')",
        _NEUTRALISED.format("p.name"),
        _NEUTRALISED.format("p.email"),
        role,
        _NEUTRALISED.format("mentor.name"),
        _NEUTRALISED.format("mentee.name"),
        status,
        # datetime.isoformat() in UTC: the microseconds only when there are some.
        "to_char(c.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        " || CASE WHEN date_part('microseconds', c.answered_at)::int %% 1000000 <> 0"
        " THEN to_char(c.answered_at AT TIME ZONE 'UTC', '.US') ELSE '' END || '+00:00'",
        "CASE WHEN c.late THEN 'yes' END",
        f"CASE WHEN c.partnership_status <> '' THEN {said} END",
        *(f"CASE WHEN {mentor} THEN c.{hours.field} END" for hours in HOURS_FIELDS),
        f"CASE WHEN {mentor} THEN " + " + ".join(f"c.{hours.field}" for hours in HOURS_FIELDS) + " END",
        "CASE WHEN c.continues THEN 'yes' WHEN NOT c.continues THEN 'no' END",
        _NEUTRALISED.format("c.update"),
        _NEUTRALISED.format("c.concern"),
    ]
    params += [Role.MENTOR.value] * (len(HOURS_FIELDS) + 1)
    period = _period("c.month", start, end, params)
    users, matches = User._meta.db_table, Match._meta.db_table
    statement = (
        f"COPY (SELECT {', '.join(cells)} FROM {CheckIn._meta.db_table} c"
        f" JOIN {users} p ON p.id = c.person_id JOIN {matches} m ON m.id = c.match_id"
        f" JOIN {users} mentor ON mentor.id = m.mentor_id JOIN {users} mentee ON mentee.id = m.mentee_id"
        f" WHERE TRUE{period} ORDER BY c.month DESC, c.id) TO STDOUT WITH (FORMAT csv)"
    )
    return _copied(statement, params, work_mem=EXPORT_WORK_MEM)


# Response rates (C5, D1, D2) ----------------------------------------------------------------------------


def response_rate(answered: int, total: int) -> int | None:
    """Answered check-ins as a whole percentage of all opened; None when none were opened."""
    return round(100 * answered / total) if total else None


def response_counts(checkins: CheckInQuerySet) -> dict[str, int]:
    """{"total", "answered"} of ``checkins`` (withdrawn ones aside); counting a column of the
    (month, status) index lets PostgreSQL answer from the index alone."""
    return checkins.counted().aggregate(
        total=Count("status"), answered=Count("status", filter=Q(status=CheckInStatus.ANSWERED))
    )


def response_counts_by_month(months: list[date]) -> dict[date, tuple[int, int]]:
    """{month: (answered, total)} for those of ``months`` with check-ins opened: closed months from their
    rollups, the others counted. At most two queries."""
    if not months:
        return {}
    rows = {m: row for m, row in closed_month_figures(months).items() if row["total"]}
    rows.update(
        {
            row["month"]: row
            for row in CheckIn.objects.counted()
            .filter(month__in=[m for m in months if m not in rows])
            .values("month")
            .annotate(total=Count("status"), answered=Count("status", filter=Q(status=CheckInStatus.ANSWERED)))
            .order_by()
        }
    )
    return {m: (rows[m]["answered"], rows[m]["total"]) for m in months if m in rows}


def response_rate_by_month(months: list[date]) -> list[tuple[date, int | None]]:
    """Each month's response rate: closed months from their rollups, the others counted. At most two queries."""
    counts = response_counts_by_month(months)
    return [(m, response_rate(*counts[m]) if m in counts else None) for m in months]


@dataclass
class AtRisk:
    match: Match
    reasons: list[str] = field(default_factory=list)
    nudged_at: datetime | None = None  # when both partners were nudged, this episode (C8)


def last_closed_months(count: int) -> list[date]:
    """The latest ``count`` closed months, latest first: months none of whose check-ins is still open.

    A month closes when the next one opens (its unanswered check-ins become
    missed); until then it never counts as missed.

    Every closed month up to the latest rolled-up one has its rollup (``MonthFigures``: written when
    a month closes, recounted when an answer in it changes), so only the months after it are
    read, not every month's: each (one or two, up to this month) by two probes of the (month, status)
    index, whether it has check-ins and whether one is still open, never by reading its thousands of
    check-ins. Two queries.
    """
    rolled = list(MonthFigures.objects.order_by("-month").values_list("month", flat=True)[:count])
    if rolled:
        this_month = dates.month_start(timezone.localdate())
        after = []
        month = dates.next_month(rolled[0])
        while month <= this_month:
            after.append(month)
            month = dates.next_month(month)
        probes = {"later": Exists(CheckIn.objects.filter(month__gt=this_month))}
        for i, month in enumerate(after):
            probes[f"any{i}"] = Exists(CheckIn.objects.filter(month=month))
            probes[f"open{i}"] = Exists(CheckIn.objects.filter(month=month, status=CheckInStatus.OPEN))
        row = MonthFigures.objects.filter(month=rolled[0]).annotate(**probes).values_list(*probes).get()
        found = dict(zip(probes, row, strict=True))
        if not found["later"]:  # (check-ins open for a month to come: read as below)
            closed = {m for i, m in enumerate(after) if found[f"any{i}"] and not found[f"open{i}"]}
            return sorted(closed | set(rolled), reverse=True)[:count]
    recent = CheckIn.objects.filter(month__gt=rolled[0]) if rolled else CheckIn.objects.all()
    still_open = CheckIn.objects.filter(status=CheckInStatus.OPEN).values("month")
    closed = set(recent.exclude(month__in=still_open).values_list("month", flat=True).distinct().order_by())
    return sorted(closed | set(rolled), reverse=True)[:count]


CHECKINS_TOKEN_KEY = "checkins:changed"


def _checkins_token() -> str:
    return tokens.token(CHECKINS_TOKEN_KEY)


def checkins_changed() -> None:
    """A write of check-ins or the notebook (a check-in opened, answered, missed or withdrawn, its texts erased;
    an entry logged, edited or removed): what is kept from them (who is at risk, a month's counts) is stale,
    now and again once this transaction commits (``matches.pool``'s way)."""
    tokens.replace(CHECKINS_TOKEN_KEY)


def at_risk_found(today: date | None = None) -> dict[int, tuple[int, int, list[int], int | None]]:
    """Active matches needing the coordinator, cheaply: {match id: (mentor id, mentee id,
    ids of who missed the check-ins of the last two closed months, days without contact or None)}.

    Today's (``today`` not given) is kept in the cache, under the day and two tokens: this module's, replaced
    by every write of the check-ins and the notebook (``checkins_changed``, from the services), and
    ``matches.pool``'s, replaced by every write of a match (its receivers and services). When the cache does
    not answer, or either token changed, it is read again: four queries."""
    if today is not None:
        return _at_risk_read(today)
    today = timezone.localdate()
    checkins_token, matches_token = _checkins_token(), pool_token()
    if not (checkins_token and matches_token):
        return _at_risk_read(today)
    key = f"checkins:at-risk:{today:%Y-%m-%d}:{checkins_token}:{matches_token}"
    found = cache.get(key)
    if found is None:
        found = _at_risk_read(today)
        cache.set(key, found, timeout=24 * 3600)
    return found


def _at_risk_read(today: date) -> dict[int, tuple[int, int, list[int], int | None]]:
    missed: dict[tuple[int, int], set[date]] = {}
    for match_id, person_id, month in CheckIn.objects.filter(
        month__in=last_closed_months(2), status=CheckInStatus.MISSED, match__status="active"
    ).values_list("match_id", "person_id", "month"):
        missed.setdefault((match_id, person_id), set()).add(month)
    twice = {key for key, seen in missed.items() if len(seen) == 2}

    any_hours = Q()
    for hours in HOURS_FIELDS:
        any_hours |= Q(**{f"{hours.field}__gt": 0})
    # Quiet: no notebook entry since the cutoff and no hours reported for a month reaching it (hours
    # for a month count as contact up to its last day). Only the recent notebook and check-ins are
    # read (anti-joins on their date indexes), never every match's history; the last contact is
    # then looked up for the few matches kept (subqueries, not joins, which would multiply rows).
    cutoff = today - timedelta(days=NO_CONTACT_DAYS)
    recent_notes = NotebookEntry.objects.filter(date__gte=cutoff).values("match_id")
    recent_hours = CheckIn.objects.hours_reported().filter(any_hours, hours_month__gte=dates.month_start(cutoff))
    quiet = (
        ~Q(pk__in=recent_notes)
        & ~Q(pk__in=recent_hours.values("match_id"))
        & Q(started_at__lt=timezone.make_aware(datetime.combine(cutoff + timedelta(days=1), time.min)))
    )
    rows = (
        Match.objects.active()
        .filter(quiet | Q(pk__in={match_id for match_id, _ in twice}))
        .annotate(
            last_note=Subquery(NotebookEntry.objects.filter(match=OuterRef("pk")).order_by("-date").values("date")[:1]),
            last_hours_month=Subquery(
                CheckIn.objects.hours_reported()
                .filter(any_hours, match=OuterRef("pk"))
                .order_by("-hours_month")
                .values("hours_month")[:1]
            ),
        )
        .order_by("started_at", "pk")
        .values_list("pk", "mentor_id", "mentee_id", "started_at", "created_at", "last_note", "last_hours_month")
    )

    found = {}
    for pk, mentor_id, mentee_id, started_at, created_at, last_note, last_hours_month in rows:
        missing = [person for person in (mentor_id, mentee_id) if (pk, person) in twice]
        contact_days = [timezone.localdate(started_at or created_at)]
        if last_note:
            contact_days.append(last_note)
        if last_hours_month:
            contact_days.append(dates.month_end(last_hours_month))
        days = (today - max(contact_days)).days
        if missing or days > NO_CONTACT_DAYS:
            found[pk] = (mentor_id, mentee_id, missing, days if days > NO_CONTACT_DAYS else None)
    return found


def at_risk(today: date | None = None, *, only: list[int] | None = None, found: dict | None = None) -> list[AtRisk]:
    """Active matches needing the coordinator (C7): two missed check-ins in a row, or 45 days without
    contact, each with why. ``only`` limits the matches described (the list still comes from ``found``)."""
    found = at_risk_found(today) if found is None else found
    wanted = [pk for pk in found if only is None or pk in only]
    # What is said of each: both names, the match's page, and when both were nudged for the open episode.
    episode = QuietEpisode.objects.filter(match=OuterRef("pk"), ended_on__isnull=True)
    related = {
        m.pk: m
        for m in Match.objects.filter(pk__in=wanted)
        .select_related("mentor", "mentee")
        .only("mentor__name", "mentee__name")
        .annotate(nudged_at=Subquery(episode.values("nudged_at")[:1]))
    }
    flagged = []
    for pk in wanted:
        _, _, missing, quiet = found[pk]
        match = related[pk]
        reasons = [
            f"{person.name} missed the last two check-ins"
            for person in (match.mentor, match.mentee)
            if person.pk in missing
        ]
        if quiet is not None:
            reasons.append(f"No contact logged and no hours reported for {quiet} days")
        flagged.append(AtRisk(match=match, reasons=reasons, nudged_at=match.nudged_at))
    return flagged


ANSWERS_PER_PAGE = 50
# The tabs of the month's answers: (value in ?show=, label, which check-ins).
ANSWER_FILTERS = {
    "all": ("All", Q()),
    "waiting": ("Not answered yet", Q(status=CheckInStatus.OPEN)),
    "answered": ("Answered", Q(status=CheckInStatus.ANSWERED)),
    "late": ("Late", Q(late=True)),
    "missed": ("Missed", Q(status=CheckInStatus.MISSED)),
    "concerns": ("With a concern", Q(status=CheckInStatus.ANSWERED) & ~Q(concern="")),
}


@dataclass
class MonthOverview:
    """A month's check-ins: the counts (of every check-in of the month, in one query) and one page of them,
    ``show`` chosen among ``ANSWER_FILTERS``, each with ``emails``: what became of its e-mails."""

    month: date
    page: Page
    show: str
    total: int
    answered: int
    late: int
    missed: int
    waiting: int
    withdrawn: int = 0
    concerns: int = 0

    @property
    def response_rate(self) -> int | None:
        return response_rate(self.answered, self.total - self.withdrawn)

    @property
    def checkins(self) -> list[CheckIn]:
        return list(self.page.object_list)

    def filters(self) -> list[tuple[str, str, int]]:
        counts = {
            "all": self.total,
            "waiting": self.waiting,
            "answered": self.answered,
            "late": self.late,
            "missed": self.missed,
            "concerns": self.concerns,
        }
        return [(value, label, counts[value]) for value, (label, _) in ANSWER_FILTERS.items()]


# What a row of the month's answers shows (checkins.templatetags.checkin_rows): not the dates the check-in was
# opened, due and reminded, the copied name, nor the people's other columns (each a value to read and convert).
MONTH_ROW_FIELDS = (
    "match_id",
    "person_id",
    "role",
    "month",
    "hours_month",
    "status",
    "answered_at",
    "late",
    "update",
    "partnership_status",
    "continues",
    "concern",
    *(hours.field for hours in HOURS_FIELDS),
    "mentee_name",
)
# What the row says of each e-mail: its state, when it went, how often it was tried and the server's answer.
EMAIL_STATE_FIELDS = ("key", "status", "sent_at", "attempts", "error")


def month_overview(month: date, *, show: str = "all", page: int | str | None = 1) -> MonthOverview:
    """The month's figures and one page of its check-ins (``ANSWERS_PER_PAGE``), those ``show`` keeps.

    Four queries, whatever the size of the program: the counts (kept in the cache, ``month_counts``), the
    page's ids, its check-ins, their e-mails."""
    show = show if show in ANSWER_FILTERS else "all"
    month_checkins = CheckIn.objects.for_month(month)
    counts = month_counts(month)
    # The month's thousands of check-ins are read in the order of an index (month, status, the mentee's name
    # copied on the check-in, role, id), only as far as the page; its fifty are then read whole, with their people.
    mentee_names_sync(month)
    listed = (
        month_checkins.filter(ANSWER_FILTERS[show][1])
        .order_by("status", "mentee_name", "role", "pk")
        .values_list("pk", flat=True)
    )
    paginator = Paginator(listed, ANSWERS_PER_PAGE)
    paginator.count = counts["total" if show == "all" else show]  # known already: no COUNT query  # type: ignore[misc]
    shown = paginator.get_page(page)
    ids = list(shown.object_list)
    # Only the check-ins are made models: the mentee's name is the one copied on each (made current above), the
    # mentor's comes with it, and the match's page is linked by its id.
    found = CheckIn.objects.only(*MONTH_ROW_FIELDS).annotate(mentor_name=F("match__mentor__name")).in_bulk(ids)
    checkins = [found[pk] for pk in ids]
    for checkin in checkins:
        names = (checkin.mentor_name, checkin.mentee_name)
        checkin.person_name, checkin.partner_name = names if checkin.is_mentor else names[::-1]
        checkin.match_url = Match(pk=checkin.match_id).get_absolute_url()
    messages = messages_by_key(
        (email_key(c, kind) for c in checkins for kind in ("open", "reminder")), fields=EMAIL_STATE_FIELDS
    )
    for checkin in checkins:
        checkin.emails = [
            (kind, messages[email_key(checkin, kind)])
            for kind in ("open", "reminder")
            if email_key(checkin, kind) in messages
        ]
    shown.object_list = checkins
    return MonthOverview(month=month, page=shown, show=show, **counts)


def month_counts(month: date) -> dict[str, int]:
    """The month's check-ins counted by what the tabs show: kept in the cache under the check-ins' token
    (``checkins_changed``), else one query over the month's thousands of check-ins."""
    token = _checkins_token()
    key = f"checkins:month-counts:{month:%Y-%m}:{token}"
    counts = cache.get(key) if token else None
    if counts is None:
        counts = CheckIn.objects.for_month(month).aggregate(
            total=Count("pk"),
            answered=Count("pk", filter=Q(status=CheckInStatus.ANSWERED)),
            late=Count("pk", filter=Q(late=True)),
            missed=Count("pk", filter=Q(status=CheckInStatus.MISSED)),
            waiting=Count("pk", filter=Q(status=CheckInStatus.OPEN)),
            withdrawn=Count("pk", filter=Q(status=CheckInStatus.WITHDRAWN)),
            concerns=Count("pk", filter=ANSWER_FILTERS["concerns"][1]),
        )
        if token:
            cache.set(key, counts, timeout=24 * 3600)
    return counts


def mentee_names_sync(month: date) -> None:
    """Make the month's check-ins' copies of their mentee's name (their sort key) the names of now.

    Nothing to do, one cache read, unless a name changed since they were last made so (``profiles.names``'
    token): then those that differ are written again (one query), and the month is marked as of that token.
    """
    token = names_token()
    key = f"checkins.mentee_names:{month:%Y-%m}"
    if token and cache.get(key) == token:
        return
    current = Subquery(Match.objects.filter(pk=OuterRef("match_id")).values("mentee__name")[:1])
    written = (
        CheckIn.objects.filter(month=month)
        .annotate(current=current)
        .exclude(mentee_name=F("current"))
        .update(mentee_name=current)
    )
    if not token:
        return
    if written:  # marked once they are committed: until then others read the rows as they were
        transaction.on_commit(lambda: cache.set(key, token, timeout=None))
    else:  # none was stale: marked at once, even inside a transaction that writes no check-in
        cache.set(key, token, timeout=None)


def latest_month() -> date | None:
    """The latest month with check-ins, kept in the cache under the check-ins' token (a month is opened
    through the services, which replace it)."""
    token = _checkins_token()
    key = f"checkins:latest-month:{token}"
    kept = cache.get(key) if token else None
    if kept is not None:
        return kept or None
    latest = CheckIn.objects.aggregate(latest=Max("month"))["latest"]
    if token:
        cache.set(key, latest or "", timeout=24 * 3600)
    return latest


def opening_preview(month: date) -> dict:
    """What opening ``month`` would do: how many matches get a check-in (those begun by the end of the month
    before), how many already have one, and the month the hours are about."""
    started_before = timezone.make_aware(datetime.combine(month, time.min))
    eligible = Match.objects.active().filter(started_at__lt=started_before)
    opened = CheckIn.objects.filter(month=month).values("match_id").distinct().count()
    matches = eligible.count()
    return {
        "matches": matches,
        "already": opened,
        "emails": 2 * max(matches - opened, 0),
        "hours_month": dates.previous_month(month),
    }
