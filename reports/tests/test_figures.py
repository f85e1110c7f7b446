"""Every figure of the report on a small program made by hand, its answers worked out here by hand.

The program year starts in September, in Edmonton's time (UTC−6 in summer). Year 2025 runs from
1 September 2025 00:00 to 1 September 2026 00:00 local, i.e. to 06:00 UTC on 1 September 2026.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from agreements.tests.factories import AgreementFactory
from checkins.models import CheckIn
from endings.models import Nomination, Survey, ThankYou
from matches.models import CloseReason, Match, MatchEvent, MatchStatus
from matches.survival import kaplan_meier, survival_by_month, whole_months
from meetings.models import Outcome
from meetings.tests.factories import MeetingFactory
from plans.models import Action, Plan, PlanVersion
from profiles.models import MenteeCategory, Profile, ProgramSettings, Role, Status
from profiles.tests.factories import ProfileFactory
from reports.figures import SUPPRESSED, year_figures

EDMONTON = ZoneInfo("America/Edmonton")
NOW = datetime(2026, 10, 20, 12, tzinfo=EDMONTON)  # after the year, final (45 days after its end)


def at(y, m, d, h=12, minute=0):
    return datetime(y, m, d, h, minute, tzinfo=EDMONTON)


@pytest.fixture
def program(db, settings, coordinator):
    settings.TIME_ZONE = "America/Edmonton"
    ProgramSettings.objects.update_or_create(pk=1, defaults={"year_start_month": 9, "program_name": "Test Program"})

    def person(role, name, submitted, status=Status.APPROVED, reviewed=None, category=MenteeCategory.STUDENT):
        profile = ProfileFactory(
            role=role,
            status=status,
            user__name=name,
            category=category if role == Role.MENTEE else "",
        )
        Profile.objects.filter(user__name=name).update(submitted_at=submitted, reviewed_at=reviewed)
        return profile.user

    mentee, mentor = Role.MENTEE, Role.MENTOR
    p = {
        "M1": person(mentor, "Mentor One", at(2024, 5, 1)),
        "M2": person(mentor, "Mentor Two", at(2025, 9, 3)),
        "M3": person(mentor, "Mentor Three", at(2025, 12, 10)),
        "Y": person(mentor, "Mentor Waiting", at(2026, 3, 1), Status.WAITLISTED),
        "E1": person(mentee, "Mentee One", at(2025, 8, 20), reviewed=at(2025, 9, 1)),
        "E2": person(mentee, "Mentee Two", at(2025, 9, 2), reviewed=at(2025, 9, 5)),
        "E3": person(mentee, "Mentee Three", at(2025, 9, 20), reviewed=at(2025, 10, 1), category="international"),
        "E4": person(mentee, "Mentee Four", at(2025, 12, 1), reviewed=at(2026, 1, 1), category="junior"),
        "E5": person(mentee, "Mentee Five", at(2026, 7, 1), reviewed=at(2026, 8, 1), category="junior"),
        "E6": person(mentee, "Mentee Six", at(2026, 8, 15), reviewed=at(2026, 8, 20), category="international"),
        "E7": person(mentee, "Mentee Seven", at(2024, 9, 1), reviewed=at(2024, 9, 10), category="international"),
        "X": person(mentee, "Mentee Declined", at(2025, 10, 1), Status.DECLINED),
    }

    def match(mentor, mentee, started, closed=None, reason="", closer="none"):
        m = Match.objects.create(
            mentor=p[mentor],
            mentee=p[mentee],
            status=MatchStatus.CLOSED if closed else MatchStatus.ACTIVE,
            close_reason=reason,
            started_at=started,
            closed_at=closed,
        )
        if closed:
            actor = {"mentor": m.mentor, "mentee": m.mentee, "coordinator": coordinator, "none": None}[closer]
            event = MatchEvent.objects.create(
                match=m, actor=actor, from_status="active", to_status="closed", reason=reason
            )
            MatchEvent.objects.filter(pk=event.pk).update(at=closed)
        return m

    p["A"] = match("M1", "E1", at(2025, 9, 10), at(2025, 12, 20), CloseReason.NOT_A_FIT, "mentor")
    p["B"] = match("M1", "E2", at(2025, 10, 5), at(2026, 7, 15), CloseReason.COMPLETED, "mentee")
    p["C"] = match("M2", "E3", at(2025, 11, 1))
    p["D"] = match("M2", "E4", at(2026, 2, 1), at(2026, 4, 15), CloseReason.INACTIVE, "coordinator")
    p["E"] = match("M3", "E1", at(2026, 1, 20))  # E1's re-match, 31 days after A closed
    p["F"] = match("M3", "E5", at(2026, 8, 31, 23, 30))  # 05:30 UTC on 1 September: still year 2025
    p["G"] = match("M3", "E6", at(2026, 9, 1, 0, 30))  # the next year, by half an hour
    p["H"] = match("M1", "E7", at(2024, 10, 1), at(2025, 9, 15), CloseReason.COMPLETED, "none")
    # D's pair signed a minimum of 2 months; A's agreement says 1 month but was never signed (the default 6 holds).
    AgreementFactory(match=p["D"], min_months=2, frozen=True)
    AgreementFactory(match=p["A"], min_months=1)

    def checkin(m, role, month, status, **hours):
        opened = datetime.combine(month, datetime.min.time(), tzinfo=EDMONTON)
        return CheckIn.objects.create(
            match=m,
            person=m.mentor if role == "mentor" else m.mentee,
            role=role,
            month=month,
            hours_month=(month - timedelta(days=1)).replace(day=1),
            status=status,
            opened_at=opened,
            due_at=opened + timedelta(days=7),
            answered_at=opened + timedelta(days=1) if status == "answered" else None,
            **hours,
        )

    checkin(p["A"], "mentor", date(2025, 10, 1), "answered", hours_video=Decimal(2), hours_in_person=Decimal("1.5"))
    checkin(p["A"], "mentee", date(2025, 10, 1), "missed")
    checkin(p["C"], "mentor", date(2026, 9, 1), "answered", hours_phone=Decimal(1))  # hours of August 2026

    for m, person_key, role, rating, again in (("B", "M1", Role.MENTOR, 4, True), ("B", "E2", Role.MENTEE, 5, False)):
        Survey.objects.create(
            match=p[m],
            person=p[person_key],
            role=role,
            program_year=2025,
            answered_at=at(2026, 7, 20),
            rating=rating,
            again=again,
        )
    Survey.objects.create(match=p["D"], person=p["E4"], role=Role.MENTEE, program_year=2025)  # not answered
    thanks = ThankYou.objects.create(match=p["B"], mentee=p["E2"], mentor=p["M1"], message="Thank you")
    ThankYou.objects.filter(pk=thanks.pk).update(created_at=at(2026, 7, 16))
    Nomination.objects.create(
        match=p["B"], mentee=p["E2"], mentor=p["M1"], award_name="Award", program_year=2025, reason="Kind"
    )

    plan = Plan.objects.create(mentee=p["E1"], version=1)
    PlanVersion.objects.create(plan=plan, number=1, content={}, saved_at=at(2025, 10, 1))
    Action.objects.create(plan=plan, goal=1, position=1, status="done", done_on=date(2025, 11, 1))
    Action.objects.create(plan=plan, goal=1, position=2, status="done", done_on=date(2026, 2, 1))
    Action.objects.create(plan=plan, goal=2, position=1, status="done", done_on=date(2026, 9, 2))  # next year

    # Meetings held in the year: October's and the year's last evening (local time); not the one missed,
    # not the one still to be said, not September 2026's.
    for starts, outcome in [
        (at(2025, 10, 20), Outcome.HELD),
        (at(2026, 8, 31, 21), Outcome.HELD),
        (at(2026, 1, 10), Outcome.MISSED),
        (at(2026, 2, 10), ""),
        (at(2026, 9, 1, 9), Outcome.HELD),
    ]:
        MeetingFactory(match=p["B"], starts_at=starts, outcome=outcome)
    return p


def numbers(figures):
    return {key: value.number for key, value in figures.values.items()}


@time_machine.travel(NOW, tick=False)
def test_each_figure_of_the_hand_made_year(program):
    figures = year_figures(2025)
    n = numbers(figures)
    assert figures.label == "2025–26"
    assert figures.final
    # Applications received 1 Sep 2025 – 31 Aug 2026: mentees E2–E6 and X, mentors M2, M3 and Y.
    assert (n["applications_mentee"], n["applications_mentor"]) == (6, 3)
    assert (n["approved"], n["declined"], n["waitlisted"], n["pending"]) == (7, 1, 1, 0)
    # First matches: A 9 days after approval, B 30, C 31, D 31, F 30 (23:30 on 31 August) → median 30.
    assert n["days_to_match"] == 30
    assert n["started"] == 6  # A B C D E F; G starts half an hour into the next year
    assert n["active_at_end"] == 3  # C E F
    assert (n["rematches"], n["days_to_rematch"]) == (1, 31)
    assert n["mentors_returning"] == 1  # M1: H ran into both years
    assert n["closed"] == 4  # A B D H
    assert (n["closed_completed"], n["closed_not_a_fit"], n["closed_inactive"], n["closed_other"]) == (2, 1, 1, 0)
    assert (n["closed_by_mentor"], n["closed_by_mentee"], n["closed_by_coordinator"], n["closed_by_nobody"]) == (
        1,
        1,
        1,
        1,
    )
    # Lengths: A 3 months (< the default 6: early), B 9, D 2 (= its signed 2: not early), H 11.
    assert (n["early"], n["early_rate"], n["early_not_a_fit"], n["early_inactive"]) == (1, 25, 1, 0)
    assert n["median_length"] == 6  # (3 + 9) / 2
    # Survival: A ended at 3 whole months, D at 2; B (completed, 9), C (10), E (7), F (0) censored.
    # After 3 months: 1 − 1/5 (D among the 5 still followed after F left) = 80%; after 4: × (1 − 1/4) = 60%.
    assert n["survival_6"] == 60
    shares = [None if share is None else round(100 * share) for *_, share in figures.survival]
    assert shares[:8] == [100, 100, 100, 80, 60, 60, 60, 60]
    # Check-ins opened Sep 2025 – Aug 2026: October's two, one answered. Hours of Sep 2025 and Aug 2026.
    assert n["response_rate"] == 50
    assert (n["hours_video"], n["hours_in_person"], n["hours_phone"], n["hours_total"]) == (
        Decimal("2.00"),
        Decimal("1.50"),
        Decimal("1.00"),
        Decimal("4.50"),
    )
    assert n["meetings_held"] == 2
    assert (n["plans_started"], n["goals_with_progress"], n["actions_done"]) == (1, 1, 2)
    assert (n["surveys_answered"], n["rating"], n["rating_mentor"], n["rating_mentee"], n["again_rate"]) == (
        2,
        4.5,
        4,
        5,
        50,
    )
    assert (n["thanks"], n["nominations"]) == (1, 1)


@time_machine.travel(NOW, tick=False)
def test_breakdowns_by_category_and_discipline(program):
    figures = year_figures(2025)
    by_category = {label: {k: v.number for k, v in cells.items()} for label, cells in figures.breakdowns["category"]}
    assert by_category["Student"]["started"] == 3  # A, B, E
    assert (by_category["Student"]["closed"], by_category["Student"]["early"]) == (2, 1)  # A, B
    assert by_category["Junior member"]["started"] == 2  # D, F
    assert by_category["Internationally trained professional"]["closed"] == 1  # H
    assert by_category["Student"]["rating"] == 4.5
    (discipline, cells), *_ = figures.breakdowns["discipline"]
    assert discipline == "Geomatics"
    assert cells["started"].number == 6


@time_machine.travel(NOW, tick=False)
def test_the_previous_year_and_the_year_boundary(program):
    previous = numbers(year_figures(2024))
    assert previous["started"] == 1  # H
    assert previous["active_at_end"] == 1  # H was going on 1 September 2025
    assert previous["closed"] == 0
    nxt = numbers(year_figures(2026))
    assert nxt["started"] == 1  # G, 00:30 local on 1 September 2026


@time_machine.travel(NOW, tick=False)
def test_small_cells_are_hidden_everywhere(program, client, coordinator):
    figures = year_figures(2025)
    assert figures.values["started"].shown == "6"
    assert figures.values["early"].shown == SUPPRESSED  # one person
    assert figures.values["early_rate"].shown == SUPPRESSED  # a rate over four closures
    assert figures.values["closed_other"].shown == "0"
    assert figures.values["hours_total"].shown == "4.5 hours"

    client.force_login(coordinator)
    page = client.get(reverse("reports:report"), {"year": 2025, "since": 2024}).content.decode()
    assert "Early closures (before the agreed minimum length)" in page
    assert page.count(SUPPRESSED) > 10
    assert ">25%<" not in page

    csv = client.get(reverse("reports:csv"), {"year": 2025, "since": 2024})
    text = b"".join(csv.streaming_content).decode()
    assert f"Partnerships started,{SUPPRESSED},6,\r\n" in text  # no change beside a hidden cell
    assert f"Early closures (before the agreed minimum length),0,{SUPPRESSED},\r\n" in text
    assert "Partnerships closed,0,fewer than 5," in text
    assert "Check-ins answered" in text
    assert ",25%" not in text
    for name in ("Mentee One", "Mentor One"):
        assert name not in text


def board_pdf(client, query, capture):
    """Ask for the board PDF as the page's button does, let the worker draw it, follow the page's link."""
    from reports.models import BoardPdf

    with capture(execute=True):
        response = client.post(reverse("reports:pdf"), query, follow=True)
    assert "The board PDF is being drawn" in response.content.decode()
    page = client.get(reverse("reports:report"), query).content.decode()
    found = BoardPdf.objects.get()
    link = reverse("reports:pdf_download", args=[found.pk])
    assert f'href="{link}"' in page
    response = client.get(link)
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@time_machine.travel(NOW, tick=False)
def test_the_pdf_read_back_has_the_headlines_and_no_names(
    program, client, coordinator, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    client.force_login(coordinator)
    pdf = board_pdf(client, {"year": 2025, "since": 2024}, django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Test Program" in text
    assert "2025–26" in text
    assert "The year in figures" in text
    assert "Partnerships started" in text
    assert "4.5 hours" in text
    assert SUPPRESSED in text
    assert "Page 2 of" in text
    for profile in Profile.objects.select_related("user"):
        assert profile.user.name not in text


@time_machine.travel(NOW, tick=False)
def test_asking_twice_draws_once(program, client, coordinator, django_capture_on_commit_callbacks):
    from reports.models import BoardPdf

    client.force_login(coordinator)
    query = {"year": 2025, "since": 2025}
    with django_capture_on_commit_callbacks(execute=False) as queued:
        client.post(reverse("reports:pdf"), query)
        response = client.post(reverse("reports:pdf"), query, follow=True)
    assert len(queued) == 1
    assert "already being drawn" in response.content.decode()
    assert BoardPdf.objects.count() == 1
    for callback in queued:
        callback()
    response = client.post(reverse("reports:pdf"), query, follow=True)  # drawn from these very figures
    assert "ready below" in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_page_pdf_and_csv_agree(program, client, coordinator):
    client.force_login(coordinator)
    query = {"year": 2025, "since": 2025}
    page = client.get(reverse("reports:report"), query).content.decode()
    csv = b"".join(client.get(reverse("reports:csv"), query).streaming_content).decode()
    assert '<td class="text-end">6</td>' in page
    assert "Partnerships started,6" in csv
    assert "4.5 hours" in page
    assert "Hours reported in total,4.5 hours" in csv


def test_bad_years_give_a_message_not_an_error(client, coordinator):
    client.force_login(coordinator)
    for query in ({"year": "x"}, {"year": 1900, "since": 1800}, {"year": 2025, "since": 2030}):
        response = client.get(reverse("reports:report"), query)
        assert response.status_code == 200
        assert "this year is shown instead" in response.content.decode()


# The survival curve against a textbook example -------------------------------------------------------


def test_kaplan_meier_matches_the_textbook():
    """Freireich's 6-MP leukaemia trial (weeks in remission, + censored), as in Kleinbaum & Klein,
    Survival Analysis, table 2.2: S = .857, .807, .753, .690, .627, .538, .448 at 6, 7, 10, 13, 16, 22, 23."""
    ended = [6, 6, 6, 7, 10, 13, 16, 22, 23]
    censored = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]
    steps = kaplan_meier([(t, True) for t in ended] + [(t, False) for t in censored])
    at_event = {s.time: (s.at_risk, round(s.survival, 3)) for s in steps if s.ended}
    assert at_event == {
        6: (21, 0.857),
        7: (17, 0.807),
        10: (15, 0.753),
        13: (12, 0.690),
        16: (11, 0.627),
        22: (7, 0.538),
        23: (6, 0.448),
    }


def test_survival_by_month_and_whole_months():
    assert whole_months(date(2025, 9, 10), date(2025, 12, 20)) == 3
    assert whole_months(date(2026, 1, 20), date(2026, 9, 1)) == 7
    assert whole_months(date(2026, 1, 31), date(2026, 2, 28)) == 0
    rows = survival_by_month([(0, True), (1, False), (2, True), (2, False)], 4)
    assert rows == [(0, 4, 0, 1.0), (1, 4, 1, 0.75), (2, 3, 0, 0.75), (3, 2, 1, 0.375), (4, 0, 0, None)]


def test_a_rate_of_a_few_is_hidden_as_its_count_would_be():
    from reports.figures import Value, _rate

    assert _rate(3, 10).shown == SUPPRESSED  # 30% of 10 would tell "3"
    assert _rate(6, 10).shown == "60%"
    assert _rate(0, 10).shown == "0%"
    assert _rate(4, 4).shown == SUPPRESSED
    assert _rate(0, 0).shown == "–"
    assert Value(4).shown == SUPPRESSED
    assert Value(5).shown == "5"
    assert Value(0).shown == "0"
    assert Value(Value(7).number, people=3, unit="days").shown == SUPPRESSED
    assert Value(12, unit="%").change_from(Value(10, unit="%")) == "+2 points"
    assert Value(8).change_from(Value(3)) == ""  # beside a hidden cell, no change is told
