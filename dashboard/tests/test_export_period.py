"""Every CSV export by program year or by a from/to period (R2)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from checkins.models import CheckIn
from matches.models import Match, MatchStatus
from matches.tests.factories import MatchFactory
from profiles.models import ProgramSettings

UTC = ZoneInfo("UTC")


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


@pytest.fixture
def program(db, coordinator, client):
    ProgramSettings.objects.update_or_create(pk=1, defaults={"year_start_month": 9})
    early = MatchFactory(started_at=datetime(2024, 10, 1, tzinfo=UTC))
    Match.objects.filter(pk=early.pk).update(
        status=MatchStatus.CLOSED, close_reason="completed", closed_at=datetime(2025, 6, 1, tzinfo=UTC)
    )
    late = MatchFactory(started_at=datetime(2025, 10, 1, tzinfo=UTC))
    for match, month in ((early, date(2025, 3, 1)), (late, date(2025, 9, 1)), (late, date(2026, 9, 1))):
        opened = datetime(month.year, month.month, 1, 9, tzinfo=UTC)
        CheckIn.objects.create(
            match=match,
            person=match.mentor,
            role="mentor",
            month=month,
            hours_month=date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1),
            status="answered",
            opened_at=opened,
            due_at=opened,
            answered_at=opened,
            hours_video=Decimal(1),
        )
    client.force_login(coordinator)
    return early, late


@time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
def test_a_program_year_keeps_its_months_only(program, client):
    hours = rows_of(client.get(reverse("dashboard:export", args=["hours"]), {"year": 2025}))
    # Hours of Sep 2025 – Aug 2026 only: those of August 2025 (opened in September) are the year before.
    assert [row[2] for row in hours[1:]] == ["2026-08"]
    checkins = rows_of(client.get(reverse("dashboard:export", args=["checkins"]), {"year": 2025}))
    assert [row[0] for row in checkins[1:]] == ["2025-09"]
    matches = rows_of(client.get(reverse("dashboard:export", args=["matches"]), {"year": 2025}))
    assert len(matches) == 2  # the late one; the early one closed in June 2025
    everything = rows_of(client.get(reverse("dashboard:export", args=["checkins"])))
    assert len(everything) == 4


@time_machine.travel(datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False)
def test_a_from_to_period(program, client):
    response = client.get(reverse("dashboard:export", args=["checkins"]), {"start": "2025-01", "end": "2025-09"})
    assert "checkins-2025-01-to-2025-09" in response["Content-Disposition"]
    assert sorted(row[0] for row in rows_of(response)[1:]) == ["2025-03", "2025-09"]
    matches = rows_of(client.get(reverse("dashboard:export", args=["matches"]), {"start": "2025-07"}))
    assert len(matches) == 2  # the early one closed before July 2025


@pytest.mark.parametrize(
    "query",
    [{"year": "x"}, {"year": "99999"}, {"year": "²⁰²⁵"}, {"start": "2025-13"}, {"start": "2025-09", "end": "2025-01"}],
)
def test_a_period_not_understood_exports_nothing_and_says_so(program, client, query):
    response = client.get(reverse("dashboard:export", args=["hours"]), query, follow=True)
    assert response.status_code == 200
    assert "nothing was exported" in response.content.decode()
