"""D1–D4 and E4: figures that match the rows, charts with their numbers, lists, exports and statements."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from checkins import dates
from checkins.models import CheckIn
from checkins.tests.factories import CheckInFactory, NotebookEntryFactory
from matches.models import Match
from matches.tests.factories import MatchFactory
from profiles.selectors import program_shown
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
HOURS = ["hours_in_person", "hours_email", "hours_video", "hours_phone", "hours_other"]


def build_program(matches: int, months: int, *, seed: int = 1):
    """``matches`` active matches, each with ``months`` months of check-ins (mentor hours vary) and a contact
    a month."""
    this_month = dates.month_start(timezone.localdate())
    start = this_month
    for _ in range(months):
        start = dates.previous_month(start)
    created = []
    for i in range(matches):
        match = MatchFactory(started_at=timezone.now() - timedelta(days=31 * months + 5))
        month = start
        for k in range(months):
            month = dates.next_month(month) if k else dates.next_month(start)
            opened = timezone.now() - timedelta(days=31 * (months - k))
            answered = (i + k) % 5
            hours = {f: Decimal((i + k + j + seed) % 4) / 2 if answered else 0 for j, f in enumerate(HOURS)}
            CheckInFactory(
                match=match,
                month=month,
                opened_at=opened,
                due_at=opened,
                status="answered" if answered else "missed",
                **hours,
            )
            CheckInFactory(
                match=match,
                role="mentee",
                month=month,
                opened_at=opened,
                due_at=opened,
                answered=True,
                continues=True,
                concern="Schedules" if (i + k) % 7 == 0 else "",
            )
            NotebookEntryFactory(
                match=match, date=dates.previous_month(month), topics="Secret topic", notes="Secret notes"
            )
        created.append(match)
    return created


def figure(body: str, name: str) -> str:
    marker = f'data-figure="{name}">'
    return body.split(marker, 1)[1].split("<", 1)[0].strip()


def test_the_figures_equal_what_the_rows_say(client, coordinator):
    build_program(4, 3)
    ProfileFactory()  # a mentee waiting
    client.force_login(coordinator)

    body = client.get(reverse("dashboard:dashboard")).content.decode()

    latest = CheckIn.objects.order_by("-month").first().month
    this_month = CheckIn.objects.filter(month=latest)
    answered = this_month.filter(status="answered").count()
    assert figure(body, "active") == str(Match.objects.filter(status="active").count())
    assert figure(body, "waiting") == "1"
    assert figure(body, "response") == f"{round(100 * answered / this_month.count())}%"
    hours = sum(sum(getattr(c, f) for f in HOURS) for c in this_month.filter(role="mentor", status="answered"))
    assert figure(body, "hours") == f"{hours.normalize():f} h"
    assert figure(body, "concerns") == "0", "concerns are counted in the concerns inbox, not in answers"
    assert figure(body, "unsigned") == "4"
    # Charts are drawn with their numbers, and the numbers are also a table.
    assert body.count("<svg") >= 4
    assert "<rect" in body
    assert "<polyline" in body
    assert "The numbers" in body
    assert "<caption>Hours reported for each month, by form of contact</caption>" in body


# The dashboard itself: dashboard/tests/test_snapshot.py (computed, and read from its snapshot).
@pytest.mark.parametrize("url_name", ["dashboard:participants", "dashboard:matches"])
def test_pages_make_a_fixed_number_of_queries_whatever_the_size(client, coordinator, url_name):
    client.force_login(coordinator)
    build_program(2, 2)
    MatchFactory(started_at=timezone.now() - timedelta(days=100))  # quiet: at risk at both sizes
    client.get(reverse(url_name))  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name), {"at_risk": "1"}).status_code == 200
    build_program(12, 6, seed=3)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse(url_name), {"at_risk": "1"})

    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_match_timeline_makes_a_fixed_number_of_queries_and_hides_notebook_words(client, coordinator):
    client.force_login(coordinator)
    [small] = build_program(1, 1)
    [large] = build_program(1, 8, seed=2)
    client.get(reverse("dashboard:match", args=[small.pk]))  # warm caches (sessions, content types)
    counts = []
    for match in (small, large):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("dashboard:match", args=[match.pk])).content.decode()
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]
    assert "Video call, 60 min" in body
    assert "Secret topic" not in body
    assert "Secret notes" not in body
    assert "Check-in" in body
    assert "Active" in body


def test_lists_filter_and_paginate(client, coordinator):
    build_program(3, 1)
    ProfileFactory(user__name="Wendy Waiting", category="international")
    client.force_login(coordinator)

    body = client.get(
        reverse("dashboard:participants"), {"role": "mentee", "category": "international"}
    ).content.decode()
    assert "Wendy Waiting" in body
    body = client.get(reverse("dashboard:participants"), {"role": "mentor"}).content.decode()
    assert "Wendy Waiting" not in body
    assert (
        client.get(reverse("dashboard:participants"), {"role": "pirate", "page": "999", "discipline": "x"}).status_code
        == 200
    )
    body = client.get(reverse("dashboard:matches"), {"status": "closed"}).content.decode()
    assert "No match fits these filters." in body


def read_csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_the_hours_csv_adds_up_to_the_statement(client, coordinator):
    [match, *_] = build_program(2, 4)
    client.force_login(coordinator)

    rows = read_csv(client.get(reverse("dashboard:export", args=["hours"])))

    assert rows[0] == ["Mentor", "E-mail", "Month", "In person", "E-mail", "Video call", "Phone", "Other", "Total"]
    mine = [r for r in rows[1:] if r[1] == match.mentor.email]
    csv_total = sum(Decimal(r[8]) for r in mine)
    months = sorted(r[2] for r in mine)
    response = client.get(
        reverse("dashboard:mentor_statement", args=[match.mentor.pk]), {"start": months[0], "end": months[-1]}
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert f"{csv_total.normalize():f} hours" in text
    assert match.mentor.name in text


def test_the_hours_csv_has_every_mentor_and_month_summed_in_order_across_its_chunks(client, coordinator, monkeypatch):
    """Read two mentors at a time and in pieces of three rows: every mentor and month once, by name then
    month, each form of contact the sum of that mentor's answered check-ins for the month (two mentees of
    one mentor added up), the total their sum."""
    from checkins import selectors as checkin_selectors
    from core import csv as core_csv

    build_program(5, 3)
    [first, *_] = Match.objects.order_by("pk")
    second = MatchFactory(mentor=first.mentor, started_at=first.started_at)  # a second mentee, same months
    for checkin in CheckIn.objects.filter(match=first, role="mentor"):
        CheckInFactory(
            match=second,
            month=checkin.month,
            opened_at=checkin.opened_at,
            due_at=checkin.due_at,
            status="answered",
            hours_video=Decimal("1.25"),
        )
    monkeypatch.setattr(checkin_selectors, "MENTORS_PER_CHUNK", 2)
    monkeypatch.setattr(core_csv, "ROWS_PER_CHUNK", 3)
    client.force_login(coordinator)

    rows = read_csv(client.get(reverse("dashboard:export", args=["hours"])))[1:]

    expected: dict[tuple[str, str, str], list[Decimal]] = {}
    for checkin in CheckIn.objects.hours_reported().select_related("person"):
        key = (checkin.person.name, checkin.person.email, f"{checkin.hours_month:%Y-%m}")
        sums = expected.setdefault(key, [Decimal(0)] * len(HOURS))
        for j, field in enumerate(HOURS):
            sums[j] += getattr(checkin, field)
    assert [tuple(r[:3]) for r in rows] == sorted(expected)
    for row in rows:
        sums = expected[row[0], row[1], row[2]]
        assert [Decimal(cell) for cell in row[3:8]] == sums
        assert Decimal(row[8]) == sum(sums)
    assert any(Decimal(r[5]) >= Decimal("1.25") for r in rows if r[1] == first.mentor.email)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database writes the check-ins CSV on PostgreSQL")
def test_the_checkins_csv_written_by_postgresql_is_the_one_written_row_by_row(client, coordinator):
    """Whole and for a period, the cells PostgreSQL writes are those checkin_rows gives to core.csv: labels,
    "yes"/"no", the answer's time as isoformat writes it (with and without microseconds), hours for mentors
    only, texts starting with = or - neutralised, quotes, commas and line breaks kept."""
    from core.csv import csv_response
    from dashboard import exports

    build_program(3, 5)
    [first, second, *_] = Match.objects.order_by("pk")
    first.mentor.name = '=HYPERLINK("http://evil.example","x"), Esq.'
    first.mentor.save()
    answered = list(CheckIn.objects.filter(status="answered").order_by("pk"))
    answered[0].update = 'Line one, "quoted"\nline two'
    answered[0].concern = "-1 was the score"
    answered[0].answered_at = timezone.now().replace(microsecond=0)
    answered[0].late = True
    answered[1].answered_at = timezone.now().replace(microsecond=120)
    answered[1].partnership_status = "some_concerns"
    for checkin in answered[:2]:
        checkin.save()
    mentee_answers = CheckIn.objects.filter(status="answered", role="mentee").order_by("pk")
    CheckIn.objects.filter(pk=mentee_answers[0].pk).update(continues=False)
    CheckIn.objects.filter(pk=mentee_answers[1].pk).update(continues=None)
    CheckIn.objects.filter(match=second).order_by("pk").filter(pk=CheckIn.objects.filter(match=second)[0].pk).update(
        status="withdrawn"
    )
    client.force_login(coordinator)
    months = sorted(set(CheckIn.objects.values_list("month", flat=True)))
    for query, start, end in [
        ({}, None, None),
        ({"start": f"{months[1]:%Y-%m}", "end": f"{months[-2]:%Y-%m}"}, months[1], months[-2]),
    ]:
        header, rows = exports.checkin_rows(start, end)
        reference = read_csv(csv_response("checkins.csv", header, rows))
        written = read_csv(client.get(reverse("dashboard:export", args=["checkins"]), query))
        assert written == reference
        assert len(written) > 3
    everything = read_csv(client.get(reverse("dashboard:export", args=["checkins"])))
    cells = {cell for row in everything for cell in row}
    assert "'" + first.mentor.name in cells
    assert 'Line one, "quoted"\nline two' in cells
    assert "'-1 was the score" in cells
    assert {"Withdrawn (partnership closed)", "Some concerns", "yes", "no"} <= cells
    assert any(cell.endswith(".000120+00:00") for cell in cells)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the database writes the hours CSV on PostgreSQL")
def test_the_hours_csv_written_by_postgresql_is_the_one_written_row_by_row(client, coordinator):
    """Whole, for a program year and for a period: the rows PostgreSQL writes are those of hours_rows written
    by core.csv, a name starting with "=" and an e-mail with "+" neutralised alike, quotes and commas kept."""
    from core.csv import csv_response
    from dashboard import exports

    build_program(6, 14)
    [first, second, third, *_] = Match.objects.order_by("pk")
    first.mentor.name = '=HYPERLINK("http://evil.example","x"), Esq.'
    first.mentor.save()
    second.mentor.email = "+1@example.com"
    second.mentor.save()
    third.mentor.name = first.mentor.name  # same name: by e-mail then
    third.mentor.save()
    MatchFactory(mentor=second.mentor)  # a second mentee, no hours yet
    client.force_login(coordinator)
    months = sorted(set(CheckIn.objects.hours_reported().values_list("hours_month", flat=True)))
    year = months[len(months) // 2].year
    year_start = date(year, program_shown().year_start_month, 1)
    periods = [
        ({}, None, None),
        ({"year": str(year)}, year_start, dates.previous_month(year_start.replace(year=year + 1))),
        ({"start": f"{months[2]:%Y-%m}", "end": f"{months[-3]:%Y-%m}"}, months[2], months[-3]),
    ]

    written = []
    for query, start, end in periods:
        header, rows = exports.hours_rows(start, end)
        reference = read_csv(csv_response("hours.csv", header, rows))
        written.append(read_csv(client.get(reverse("dashboard:export", args=["hours"]), query)))
        assert written[-1] == reference

    everything, in_year, in_period = written
    assert len(everything) > len(in_year) > 2
    assert len(everything) > len(in_period) > 2
    assert everything[0] == [
        "Mentor",
        "E-mail",
        "Month",
        "In person",
        "E-mail",
        "Video call",
        "Phone",
        "Other",
        "Total",
    ]
    assert ["'" + first.mentor.name, first.mentor.email] in [r[:2] for r in everything]
    assert "'+1@example.com" in [r[1] for r in everything]


def test_a_formula_in_a_cell_is_neutralised(client, coordinator):
    build_program(1, 1)
    CheckIn.objects.filter(role="mentee").update(update='=HYPERLINK("http://evil.example","x")', concern="+1 call me")
    client.force_login(coordinator)

    rows = read_csv(client.get(reverse("dashboard:export", args=["checkins"])))

    updates = [r[-2] for r in rows[1:] if r[3] == "Mentee"]
    assert updates == ['\'=HYPERLINK("http://evil.example","x")']
    assert [r[-1] for r in rows[1:] if r[3] == "Mentee"] == ["'+1 call me"]
    matches = read_csv(client.get(reverse("dashboard:export", args=["matches"])))
    assert matches[0][:5] == ["Mentor", "Mentor e-mail", "Mentee", "Mentee e-mail", "Status"]


def test_a_mentor_downloads_only_their_own_statement(client, mentor, mentee):
    match = build_program(1, 2)[0]
    client.force_login(match.mentor)
    month = CheckIn.objects.filter(person=match.mentor).order_by("hours_month").first().hours_month

    form = client.get(reverse("dashboard:my_statement"))
    assert "Statement of mentoring hours" in form.content.decode()
    pdf = client.get(reverse("dashboard:my_statement"), {"start": f"{month:%Y-%m}", "end": f"{month:%Y-%m}"})
    assert pdf["Content-Type"] == "application/pdf"
    bad = client.get(reverse("dashboard:my_statement"), {"start": "2026-10", "end": "2025-01"})
    assert "The period must start before it ends." in bad.content.decode()
    garbage = client.get(reverse("dashboard:my_statement"), {"start": "soon", "end": ""})
    assert "Enter a month as YYYY-MM" in garbage.content.decode()

    client.force_login(match.mentor)
    assert client.get(reverse("dashboard:mentor_statement", args=[mentor.pk])).status_code == 404
    client.force_login(mentee)
    assert client.get(reverse("dashboard:my_statement")).status_code == 404


def test_every_coordinator_url_is_not_found_for_mentors_and_mentees(client, mentor, mentee):
    match = build_program(1, 1)[0]
    urls = [
        reverse("dashboard:dashboard"),
        reverse("dashboard:participants"),
        reverse("dashboard:matches"),
        reverse("dashboard:match", args=[match.pk]),
        reverse("dashboard:export", args=["hours"]),
        reverse("dashboard:export", args=["checkins"]),
        reverse("dashboard:export", args=["matches"]),
        reverse("dashboard:mentor_statement", args=[match.mentor.pk]),
        reverse("matches:workspace"),
        reverse("checkins:coordinator"),
        reverse("agreements:texts"),
        reverse("profiles:review_list"),
        reverse("profiles:invite"),
        reverse("profiles:settings"),
    ]
    for person in (mentor, mentee, match.mentor, match.mentee):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404, (person, url)


def test_failed_emails_need_the_coordinator_and_only_they_are_sent_again(client, coordinator, settings):
    from outbox.models import Message, MessageStatus

    now = timezone.now()
    failed = Message.objects.create(
        to=["gone@example.org"],
        subject="Your November check-in",
        text="x",
        due_at=now,
        status=MessageStatus.FAILED,
        attempts=1,
        error="gone@example.org: 550 5.1.1 User unknown",
    )
    sent = Message.objects.create(
        to=["ok@example.org"], subject="Welcome", text="x", due_at=now, status=MessageStatus.SENT, sent_at=now
    )
    client.force_login(coordinator)

    dashboard = client.get(reverse("dashboard:dashboard")).content.decode()
    page = client.get(reverse("dashboard:failed_emails")).content.decode()
    response = client.post(
        reverse("dashboard:failed_emails"), {"message": [failed.pk, sent.pk, "99999999999999999999"]}, follow=True
    )

    assert 'data-figure="failed-emails">1<' in dashboard
    assert "Your November check-in" in page
    assert "550 5.1.1 User unknown" in page
    assert "Welcome" not in page
    assert (
        "1 e-mail queued to be sent again, with the program&#x27;s current name and contact."
        in response.content.decode()
    )
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert (failed.status, failed.attempts) == (MessageStatus.QUEUED, 0)
    assert sent.status == MessageStatus.SENT
    assert "Nothing needs you here" in client.get(reverse("dashboard:failed_emails")).content.decode()
    for person in (ProfileFactory().user, ProfileFactory(mentor=True).user):
        client.force_login(person)
        assert client.get(reverse("dashboard:failed_emails")).status_code == 404
        assert client.post(reverse("dashboard:failed_emails"), {"message": [failed.pk]}).status_code == 404


def test_the_search_box_finds_people_and_matches_by_name_or_email(client, coordinator):
    match = MatchFactory(
        mentor=ProfileFactory(mentor=True, user__name="Zoë Fairbairn", user__email="zoe@example.org").user
    )
    client.force_login(coordinator)

    by_name = client.get(reverse("dashboard:search"), {"q": "fairbairn"}).content.decode()
    by_email = client.get(reverse("dashboard:search"), {"q": match.mentee.email}).content.decode()
    long = client.get(reverse("dashboard:search"), {"q": "x" * 100_000})

    assert "Zoë Fairbairn" in by_name
    assert reverse("dashboard:match", args=[match.pk]) in by_name
    assert match.mentee.name in by_email
    assert long.status_code == 200
    for person in (match.mentor, match.mentee):
        client.force_login(person)
        assert client.get(reverse("dashboard:search"), {"q": "zo"}).status_code == 404


def test_the_statement_file_name_keeps_a_mentors_quotes_and_accents_safely(client, coordinator):
    match = build_program(1, 2)[0]
    match.mentor.name = 'Zoë "Zed" O\'Brien-Nguyễn'
    match.mentor.save(update_fields=["name"])
    month = CheckIn.objects.filter(person=match.mentor).order_by("hours_month").first().hours_month
    client.force_login(coordinator)

    response = client.get(
        reverse("dashboard:mentor_statement", args=[match.mentor.pk]),
        {"start": f"{month:%Y-%m}", "end": f"{month:%Y-%m}"},
    )

    period = f"{month:%Y-%m} to {month:%Y-%m}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="Mentoring hours Zoe \\"Zed\\" O\'Brien-Nguyen {period}.pdf"; '
        f"filename*=utf-8''Mentoring%20hours%20Zo%C3%AB%20%22Zed%22%20O%27Brien-Nguy%E1%BB%85n%20"
        f"{period.replace(' ', '%20')}.pdf"
    )
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert 'Zoë "Zed" O\'Brien-Nguyễn' in text


def test_a_csv_export_is_an_attachment_with_a_plain_file_name(client, coordinator):
    client.force_login(coordinator)

    response = client.get(reverse("dashboard:export", args=["hours"]))

    assert response["Content-Disposition"] == f'attachment; filename="hours-{timezone.localdate():%Y-%m-%d}.csv"'


def _failed_checkin_emails_after_a_rename(django_capture_on_commit_callbacks):
    """A month's check-ins whose e-mails failed, then the program renamed with a new contact."""
    from django.core import mail

    from checkins.services import checkins_open_month
    from outbox.models import Message, MessageStatus
    from profiles.models import ProgramSettings

    program = ProgramSettings.load()
    program.program_name, program.contact_email = "Old Name Mentoring", "old@example.org"
    program.save()
    MatchFactory(started_at=timezone.now() - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=dates.month_start(timezone.localdate()))
    Message.objects.update(status=MessageStatus.FAILED, error="550 no such user")
    mail.outbox.clear()
    program.program_name, program.contact_email = "Bright Futures", "new@example.org"
    program.save()
    return list(Message.objects.values_list("pk", flat=True))


def test_sending_failed_emails_again_uses_the_programs_current_name_and_contact(
    client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    from outbox.models import Message

    ids = _failed_checkin_emails_after_a_rename(django_capture_on_commit_callbacks)
    uids = set(Message.objects.values_list("uid", flat=True))
    client.force_login(coordinator)

    page = client.get(reverse("dashboard:failed_emails")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dashboard:failed_emails"), {"message": ids, "content": "current"}, follow=True)

    assert "Written when the program was called “Old Name Mentoring”." in page
    assert "Replies went to old@example.org when it was written." in page
    assert "With the program's current name and contact (Bright Futures, replies to new@example.org)" in page
    assert "2 e-mails queued to be sent again, with the program&#x27;s current name and contact." in (
        response.content.decode()
    )
    assert len(mail.outbox) == 2
    for sent in mail.outbox:
        assert sent.subject.startswith("Bright Futures: your ")
        assert sent.reply_to == ["new@example.org"]
        assert "Old Name" not in sent.body
        assert {m.split("@")[0].strip("<") for m in [sent.extra_headers["Message-ID"]]} <= {str(u) for u in uids}


def test_sending_failed_emails_again_as_written_keeps_the_old_name_when_the_coordinator_chooses_it(
    client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    ids = _failed_checkin_emails_after_a_rename(django_capture_on_commit_callbacks)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboard:failed_emails"), {"message": ids, "content": "as_written"}, follow=True
        )

    assert "2 e-mails queued to be sent again, as they were written." in response.content.decode()
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Old Name Mentoring"] * 2
    assert [m.reply_to for m in mail.outbox] == [["old@example.org"]] * 2


def test_a_chart_spanning_two_years_names_the_year_under_the_first_month_and_each_january():
    import re
    from datetime import date

    from dashboard import charts

    months = [date(2025, 11, 1), date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
    svg = charts.line("t", "Active matches", months, [1, 2, 3, 4])
    one_year = charts.line("t", "Active matches", months[2:], [3, 4])

    labels = re.findall(r"<text [^>]*>([^<]+)</text>", svg)
    assert labels[2:] == ["Nov", "2025", "Dec", "Jan", "2026", "Feb"]
    assert re.findall(r'class="chart-year">(\d+)<', one_year) == ["2026"]


def test_the_dashboards_charts_show_the_years_they_span(client, coordinator):
    import re

    client.force_login(coordinator)
    page = client.get(reverse("dashboard:dashboard")).content.decode()

    today = timezone.localdate()
    years = re.findall(r'class="chart-year">(\d+)<', page)
    assert str(today.year) in years
    if today.month != 12:  # the last 12 months reach into last year
        assert str(today.year - 1) in years
