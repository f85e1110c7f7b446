"""V2: a person (or the coordinator for them) erases their account; the figures stay true."""

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse

from checkins.models import CheckIn
from checkins.selectors import hours_by_month
from endings.models import Survey
from matches.models import Match, MatchStatus
from outbox.models import Message, MessageStatus
from privacy.models import Erasure
from profiles.models import Profile, User
from profiles.tests.factories import PASSWORD
from support.models import Concern

pytestmark = pytest.mark.django_db

# Kept on purpose, as the issue says: signed agreements (their text and typed names) until their retention.
KEPT = {("agreements.Agreement", "content"), ("agreements.Signature", "typed_name")}


def texts_holding(*needles: str) -> list[str]:
    """Every text column of every table that still holds one of ``needles``: the walk over every model."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField | models.TextField | models.JSONField):
                continue
            if (model._meta.label, field.name) in KEPT:
                continue
            for value in model._base_manager.values_list(field.name, flat=True):
                text = str(value).lower()
                for needle in needles:
                    if needle.lower() in text:
                        found.append(f"{model._meta.label}.{field.name}: {needle}")
    return found


def figures():
    return {
        "hours": [(m, str(h)) for m, h in hours_by_month([c.hours_month for c in CheckIn.objects.all()])],
        "checkins": list(CheckIn.objects.order_by("pk").values_list("status", "hours_video", "hours_in_person")),
        "matches": Match.objects.count(),
        "closed": Match.objects.filter(status=MatchStatus.CLOSED).count(),
        "mentees": Profile.objects.filter(role="mentee").count(),
        "concerns": list(Concern.objects.values_list("category", "status")),
        "ratings": list(Survey.objects.filter(answered_at__isnull=False).values_list("rating", flat=True)),
    }


def erase_self(client, person, password=PASSWORD):
    client.force_login(person)
    return client.post(reverse("privacy:erase"), {"password": password, "confirm": "on"}, follow=True)


def test_a_mentee_erases_her_account_and_no_table_holds_her_name_or_address(
    client, history, django_capture_on_commit_callbacks
):
    name, email = history.mentee.name, history.mentee.email
    before = figures()

    with django_capture_on_commit_callbacks(execute=True):
        page = erase_self(client, history.mentee)

    assert "Your account is erased" in page.content.decode()
    assert texts_holding(name, email) == []
    for mine in [
        "MIRA-BIO",
        "MIRA-CHECKIN",
        "MIRA-NOTEBOOK",
        "MIRA-TOPICS",
        "MIRA-PLAN-SKILL",
        "MIRA-COMMENT",
        "MIRA-CONCERN",
        "MIRA-SURVEY",
        "MIRA-THANKS",
        "MIRA-NOMINATION",
        "COORD-PRIVATE",
    ]:
        assert texts_holding(mine) == [], mine
    after = figures()
    assert after["hours"] == before["hours"]
    assert after["checkins"] == before["checkins"]
    assert (after["matches"], after["mentees"], after["concerns"], after["ratings"]) == (
        before["matches"],
        before["mentees"],
        before["concerns"],
        before["ratings"],
    )
    assert after["closed"] == before["closed"] + 1  # her active partnership was closed first
    # What others wrote stays theirs.
    assert texts_holding("MORGAN-NOTEBOOK")
    assert texts_holding("MORGAN-CHECKIN")
    assert texts_holding("OLGA-NOTEBOOK")


def test_she_is_logged_out_cannot_log_in_and_may_sign_up_again_as_someone_new(
    client, history, django_capture_on_commit_callbacks
):
    email = history.mentee.email
    with django_capture_on_commit_callbacks(execute=True):
        erase_self(client, history.mentee)
    assert client.get(reverse("account"))["Location"].startswith(reverse("account_login"))
    assert not client.login(email=email, password=PASSWORD)
    assert not User.objects.filter(email__iexact=email).exists()
    User.objects.create_user(email=email, password=PASSWORD, name="Mira Anew")  # the address is free again


def test_the_partner_sees_a_former_participant_and_was_told_of_the_close(
    client, history, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        erase_self(client, history.mentee)
    client.force_login(history.mentor)
    page = client.get(reverse("checkins:notebook", args=[history.match.pk])).content.decode()
    assert "a former participant" in page
    assert "Mira" not in page
    assert "MORGAN-NOTEBOOK" in page
    assert Message.objects.filter(to=[history.mentor.email], key__startswith="endings.closed").exists()


def test_her_unsent_emails_are_cancelled(client, history, django_capture_on_commit_callbacks):
    erased_id = history.mentee.pk
    with django_capture_on_commit_callbacks(execute=True):
        erase_self(client, history.mentee)
    mine = Message.objects.filter(to=[f"former-{erased_id}@erased.invalid"])
    assert mine.exists()
    assert not mine.filter(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]).exists()
    assert mine.filter(status=MessageStatus.CANCELLED).exists()


def test_a_wrong_password_erases_nothing(client, history):
    page = erase_self(client, history.mentee, password="not-it")
    assert "That is not your password." in page.content.decode()
    assert User.objects.get(pk=history.mentee.pk).name == "Mira Mentee"
    assert not Erasure.objects.exists()


def test_the_coordinator_erases_an_account_with_a_reason(
    client, history, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    found = client.get(reverse("privacy:coordinator") + "?email=mentor@example.org").content.decode()
    assert "Morgan Mentor" in found
    url = reverse("privacy:erase_person", args=[history.mentor.pk])
    assert "reason" in client.post(url, {"confirm": "on"}).content.decode().lower()  # a reason is required
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"reason": "Asked by phone on 3 Dec", "confirm": "on"}, follow=True)
    assert "The account is erased" in page.content.decode()
    assert texts_holding("Morgan Mentor", "mentor@example.org") == []
    erasure = Erasure.objects.get()
    assert (erasure.by_self, erasure.by, erasure.reason) == (False, coordinator, "Asked by phone on 3 Dec")
    # A second time: the account is no longer active, so there is nothing to erase.
    assert client.post(url, {"reason": "again", "confirm": "on"}).status_code == 404


def test_a_coordinator_cannot_be_erased_from_the_privacy_page(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("privacy:erase_person", args=[coordinator.pk])).status_code == 404
    assert client.get(reverse("privacy:erase")).status_code == 404


def test_the_program_years_figures_are_the_same_after_an_erasure(client, history, django_capture_on_commit_callbacks):
    """The board's report (R1) counts what the erasure keeps: her partnership is closed first (as she would
    be asked to), then every figure of this program year and the one before is the same after the erasure."""
    from endings.services import partnership_close
    from profiles.models import ProgramSettings
    from reports.figures import year_figures
    from reports.years import current_year

    active = Match.objects.get(mentee=history.mentee, status=MatchStatus.ACTIVE)
    partnership_close(match=active, by=history.mentee, reason="completed")
    program = ProgramSettings.load()
    year = current_year(program)

    def report():
        return {
            year: {
                key: (value.number, value.people) for key, value in year_figures(year, program=program).values.items()
            }
            for year in (year - 1, year)
        }

    before = report()
    assert before[year]["closed"][0] >= 1
    with django_capture_on_commit_callbacks(execute=True):
        erase_self(client, history.mentee)

    assert report() == before
