"""D5: the admin shows every record; state changes there go through the services, as admin actions."""

import io

import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.urls import reverse

from matches.models import Match, MatchEvent, MatchStatus
from matches.tests.factories import MatchFactory
from profiles.models import Status, User
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
OURS = {
    "outbox",
    "documents",
    "audit",
    "health",
    "privacy",
    "profiles",
    "matches",
    "checkins",
    "meetings",
    "agreements",
    "plans",
    "support",
    "match_requests",
    "endings",
}


@pytest.fixture
def operator(client):
    from profiles.services import totp_enroll

    user = User.objects.create_superuser(email="root@example.org", password="x", name="Root")
    totp_enroll(user=user)  # operators, like coordinators, have two-factor on
    client.force_login(user)
    return user


def test_every_model_has_a_working_admin_page(client, operator):
    for model in [m for m in apps.get_models() if m._meta.app_label in OURS]:
        assert model in admin.site._registry, f"{model.__name__} has no admin"
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_a_matchs_state_cannot_be_edited_in_the_admin(client, operator):
    match = MatchFactory()
    url = reverse("admin:matches_match_change", args=[match.pk])

    page = client.get(url).content.decode()
    refused = client.post(url, {"status": "closed", "close_reason": "completed"})

    assert 'name="status"' not in page
    assert refused.status_code == 403
    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACTIVE


def test_a_matchs_score_reasons_read_in_the_admin_as_on_the_matching_page(client, operator):
    reasons = [
        {"key": "discipline", "label": "Same discipline", "points": 30.0, "weight": 30, "detail": "Both in Geomatics"},
        {"key": "languages", "label": "A shared language", "points": 7.5, "weight": 15, "detail": "Both speak French"},
    ]
    match = MatchFactory(reasons=reasons)

    page = client.get(reverse("admin:matches_match_change", args=[match.pk])).content.decode()

    assert "Reasons for the score" in page
    assert "<li><strong>30/30</strong> Same discipline: Both in Geomatics</li>" in page
    assert "<li><strong>7.5/15</strong> A shared language: Both speak French</li>" in page
    assert "&quot;label&quot;" not in page, "no raw JSON"
    assert '"label"' not in page, "no raw JSON"


def test_closing_in_the_admin_goes_through_the_service_and_keeps_the_history(client, operator):
    match = MatchFactory()

    response = client.post(
        reverse("admin:matches_match_changelist"),
        {"action": "close_not_a_fit", "_selected_action": [match.pk]},
        follow=True,
    )

    match.refresh_from_db()
    assert (match.status, match.close_reason) == (MatchStatus.CLOSED, "not_a_fit")
    assert MatchEvent.objects.filter(match=match, to_status="closed", actor=operator).exists()
    assert "1 match changed." in response.content.decode()


def test_publishing_a_full_mentor_in_the_admin_is_refused_with_the_reason(client, operator):
    mentor = ProfileFactory(mentor=True, capacity=1).user
    MatchFactory(mentor=mentor)
    draft = MatchFactory(mentor=mentor, status=MatchStatus.PROPOSED, started_at=None)

    response = client.post(
        reverse("admin:matches_match_changelist"), {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )

    assert "is full: 1 of 1 places taken" in response.content.decode()
    assert Match.objects.get(pk=draft.pk).status == MatchStatus.PROPOSED


def test_approving_in_the_admin_reviews_and_emails_the_person(client, operator, django_capture_on_commit_callbacks):
    profile = ProfileFactory(status=Status.PENDING, user__email="amira@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:profiles_profile_changelist"), {"action": "approve", "_selected_action": [profile.pk]}
        )

    profile.refresh_from_db()
    assert (profile.status, profile.reviewed_by) == (Status.APPROVED, operator)
    assert [m.to for m in mail.outbox] == [["amira@example.org"]]


def test_a_profiles_decision_is_read_only_in_the_admin(client, operator):
    profile = ProfileFactory(status=Status.PENDING)

    page = client.get(reverse("admin:profiles_profile_change", args=[profile.pk])).content.decode()

    assert 'name="status"' not in page
    assert 'name="bio"' in page


def test_a_coordinator_sees_in_the_admin_what_they_see_in_the_app_and_nothing_else(client, settings, tmp_path):
    """Every admin URL of every registered model, as a coordinator: view-only where the app shows the
    same records, disciplines and topics managed, and everything else refused (notebooks, plans' text,
    concerns, thank-you letters, the outbox, accounts, groups, passwords)."""
    from django.core.management import call_command

    from checkins.models import NotebookEntry
    from profiles.services import COORDINATOR_ADMIN_MANAGE, COORDINATOR_ADMIN_VIEW

    settings.MEDIA_ROOT = tmp_path
    settings.DEBUG = True  # seed_demo only runs in development
    call_command("seed_demo", stdout=io.StringIO())
    settings.DEBUG = False
    secret = NotebookEntry.objects.exclude(notes="").first().notes
    coordinator = User.objects.get(email="coordinator@example.com")
    client.force_login(coordinator)
    wrong, pages = [], []

    def expect(method, url, allowed):
        response = client.get(url) if method == "get" else client.post(url, {})
        ok = response.status_code in (200, 302) and "/admin/login/" not in response.get("Location", "")
        if ok != allowed:
            wrong.append(
                f"{method.upper()} {url}: {response.status_code}, expected {'allowed' if allowed else 'refused'}"
            )
        if response.status_code == 200:
            pages.append(response.content.decode())

    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        info = model._meta.app_label, model._meta.model_name
        obj = model._default_manager.order_by("pk").first()
        view, manage = label in COORDINATOR_ADMIN_VIEW, label in COORDINATOR_ADMIN_MANAGE
        expect("get", reverse("admin:{}_{}_changelist".format(*info)), view or manage)
        expect(
            "get",
            reverse("admin:{}_{}_add".format(*info)),
            manage
            and model_admin.has_add_permission(
                type("R", (), {"user": User(is_superuser=True, is_active=True, is_staff=True)})()
            ),
        )
        if obj is None:
            continue
        for action in ("change", "history"):
            expect("get", reverse(f"admin:%s_%s_{action}" % info, args=[obj.pk]), view or manage)
        expect("post", reverse("admin:{}_{}_change".format(*info), args=[obj.pk]), manage)
        expect("get", reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), manage)
        expect("post", reverse("admin:{}_{}_delete".format(*info), args=[obj.pk]), manage)
    expect("get", reverse("admin:auth_user_password_change", args=[coordinator.pk]), False)
    expect("post", reverse("admin:auth_user_password_change", args=[coordinator.pk]), False)

    assert wrong == [], "\n".join(wrong)
    assert not any(secret in page for page in pages), "a notebook note showed in the coordinator's admin"
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser
    assert coordinator.check_password("mentoring-demo")
    assert len(pages) > 30


def test_the_operator_still_manages_everything_in_the_admin(client, operator):
    from checkins.tests.factories import NotebookEntryFactory

    entry = NotebookEntryFactory()

    assert client.get(reverse("admin:checkins_notebookentry_change", args=[entry.pk])).status_code == 200
    assert client.get(reverse("admin:auth_user_password_change", args=[operator.pk])).status_code == 200
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 200
