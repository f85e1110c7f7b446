"""V3: what partners wrote goes a set time after the partnership closed; the figures stay; a second run
deletes nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from agreements.models import Signature
from checkins.models import CheckIn, NotebookEntry
from plans.models import Comment
from privacy.models import PrivacySettings, RetentionRun
from privacy.services import retention_apply
from privacy.tasks import retention_daily_task
from support.models import Concern, ConcernEvent

from .test_erasure import figures, texts_holding

pytestmark = pytest.mark.django_db


def close(history, days_ago):
    history.match.status = "closed"
    history.match.closed_at = timezone.now() - timedelta(days=days_ago)
    history.match.close_reason = "completed"
    history.match.save()


def test_nothing_goes_before_its_time(history):
    run = retention_apply()
    assert sum(run.counts.values()) == 0
    assert texts_holding("FIONA-NOTEBOOK")
    assert texts_holding("MIRA-SURVEY")


def test_after_the_limit_the_texts_go_the_figures_stay_and_a_second_run_deletes_nothing(history, coordinator):
    close(history, days_ago=10)
    ConcernEvent.objects.create(concern=history.concern, actor=coordinator, from_status="open", to_status="resolved")
    Concern.objects.filter(pk=history.concern.pk).update(status="resolved")
    before = figures()
    minutes = sorted(NotebookEntry.objects.values_list("minutes", flat=True))

    with time_machine.travel(timezone.now() + timedelta(days=365 * 3 + 30)):
        first = retention_daily_task.delay().get()
        again = retention_apply()

    for gone in [
        "MIRA-NOTEBOOK",
        "MORGAN-NOTEBOOK",
        "FIONA-NOTEBOOK",
        "MIRA-CHECKIN",
        "MORGAN-CHECKIN",
        "FIONA-CHECKIN",
        "MIRA-SURVEY",
        "MIRA-COMMENT",
        "MORGAN-COMMENT",
        "MIRA-CONCERN",
        "COORD-PRIVATE-CONCERN",
    ]:
        assert texts_holding(gone) == [], gone
    assert texts_holding("OLGA-NOTEBOOK")
    assert texts_holding("OLGA-CONCERN")
    assert first["notebook notes"] == 3
    assert first["check-in texts"] == 3
    assert first["plan comments"] == 2
    assert first["concern texts"] == 1
    assert first["survey texts"] == 1
    assert sum(again.counts.values()) == 0
    assert figures() == before
    assert sorted(NotebookEntry.objects.values_list("minutes", flat=True)) == minutes
    assert RetentionRun.objects.count() == 2
    assert "MIRA" not in str(RetentionRun.objects.first().counts)


def test_the_coordinator_shortens_a_limit_and_the_notice_says_so(client, history, coordinator):
    client.force_login(coordinator)
    page = client.post(
        reverse("privacy:coordinator"),
        {"partnership_texts_months": 6, "concerns_months": 12, "declined_months": 3, "agreements_years": 2},
        follow=True,
    ).content.decode()
    assert "Retention settings saved" in page
    notice = client.get(reverse("privacy:notice")).content.decode()
    assert "deleted 6 months after the partnership closes" in notice
    assert "2 years after" in notice
    close(history, days_ago=200)
    assert retention_apply().counts["notebook notes"] == 2  # Mira's and Morgan's; Fiona's closed 100 days ago
    assert CheckIn.objects.filter(update="MIRA-CHECKIN").count() == 0


def test_bad_settings_are_refused_without_a_500(client, coordinator):
    client.force_login(coordinator)
    page = client.post(reverse("privacy:coordinator"), {"partnership_texts_months": "-1", "concerns_months": "x"})
    assert page.status_code == 200
    assert "nothing was saved" in page.content.decode()
    assert PrivacySettings.load().partnership_texts_months == 24


def test_signed_agreements_go_after_their_years(history):
    close(history, days_ago=10)
    with time_machine.travel(timezone.now() + timedelta(days=365 * 8)):
        counts = retention_apply().counts
    history.agreement.refresh_from_db()
    assert counts["signed agreements"] == 1
    assert not history.agreement.pdf
    assert not Signature.objects.exclude(typed_name="").exists()  # the typed names went with them
    assert Comment.objects.count() == 0
