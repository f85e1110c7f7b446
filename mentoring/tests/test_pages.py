"""S2 guide pages, the contact page and the footer."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.views import GUIDE_PAGES
from profiles.models import ProgramSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    settings_ = ProgramSettings.load()
    settings_.program_name = "Bridges Mentoring"
    settings_.contact_name = "Robin Ellis"
    settings_.contact_email = "robin@bridges.example"
    settings_.contact_phone = "+1 555 0100"
    settings_.award_name = "Golden Compass Award"
    settings_.save()
    return settings_


@pytest.mark.parametrize("slug", GUIDE_PAGES)
def test_every_guide_page_is_open_to_everyone(client, slug):
    response = client.get(reverse("guide_page", args=[slug]))

    assert response.status_code == 200
    assert re.search(rf"<h1[^>]*>\s*{re.escape(GUIDE_PAGES[slug])}\s*</h1>", response.content.decode())


def test_the_guide_covers_roles_expectations_boundaries_and_topics(client, program):
    text = " ".join(client.get(reverse("guide_page", args=[slug])).content.decode() for slug in GUIDE_PAGES)

    for words in ["job", "money", "public place", "confidential", "harassment", "Networking", "Golden Compass Award"]:
        assert words.lower() in text.lower(), words


def test_an_unknown_guide_page_is_not_found(client):
    assert client.get("/guide/nonsense/").status_code == 404


def test_the_contact_shows_in_the_footer_and_on_the_contact_page(client, program):
    footer = client.get(reverse("guide")).content.decode()
    contact = client.get(reverse("contact")).content.decode()

    for page in (footer, contact):
        assert "Robin Ellis" in page
        assert 'href="mailto:robin@bridges.example"' in page
        assert "+1 555 0100" in page
    assert "Bridges Mentoring" in footer


def test_the_landing_page_invites_visitors_to_apply(client, program):
    body = client.get(reverse("home")).content.decode()

    assert "Bridges Mentoring" in body
    assert reverse("account_signup") in body


def test_the_error_page_is_styled_within_the_content_security_policy(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    page = response.content.decode()

    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "style=" not in page
    assert "<style" not in page
    assert re.search(r'<link rel="stylesheet" href="/static/vendor/bootstrap/bootstrap\.min[^"]*\.css">', page)


def test_lower_pages_lead_back_up_to_the_pages_the_project_names(client, demo_program):
    """The plans overview, the closing page, the settings and the month's check-ins link to pages of
    higher floors by the addresses the project gives them (mentoring/context_processors.py and a
    match's get_absolute_url), not by naming those pages' URLs."""
    from checkins.models import CheckIn
    from matches.models import Match
    from profiles.models import User

    client.force_login(User.objects.get(email="coordinator@example.com"))
    match = Match.objects.get(mentee__email="aisha@example.com", status="active")
    match_page = f'href="{reverse("dashboard:match", args=[match.pk])}"'
    crumb = '<li class="breadcrumb-item"><a href="{}">{}</a>'

    overview = client.get(reverse("plans:overview")).content.decode()
    assert crumb.format(reverse("dashboard:dashboard"), "Dashboard") in overview
    closing = client.get(reverse("endings:close", args=[match.pk])).content.decode()
    assert crumb.format(reverse("dashboard:matches"), "Matches") in closing
    assert match_page in closing
    assert f'href="{reverse("agreements:texts")}"' in client.get(reverse("profiles:settings")).content.decode()
    month = CheckIn.objects.filter(match=match).latest("month").month
    checkins = client.get(reverse("checkins:coordinator"), {"month": f"{month:%Y-%m}"}).content.decode()
    assert match_page in checkins
    assert client.get(reverse("matches:detail", args=[match.pk])).url == reverse("dashboard:match", args=[match.pk])


@pytest.mark.django_db
def test_the_plan_tip_fits_a_mentee_with_and_without_a_partner(client, mentor, mentee):
    """27.8: "Review your action plan before each meeting" showed to a mentee with no partner."""
    from matches.models import Match, MatchStatus
    from matches.tests.factories import MatchFactory
    from plans.tests.factories import PlanFactory

    match = MatchFactory(mentor=mentor, mentee=mentee)
    PlanFactory(mentee=mentee)
    client.force_login(mentee)
    with_partner = client.get(reverse("home")).content.decode()
    Match.objects.filter(pk=match.pk).update(status=MatchStatus.CLOSED, close_reason="completed")
    without = client.get(reverse("home")).content.decode()

    assert "Review your action plan</a> before each meeting" in with_partner
    assert "Review your action plan" not in without
    assert "Your last action plan</a> is kept: bring its goals to your next mentor." in without
    assert "anything in your partnership: your partner is not told" in with_partner
    assert "your partner is not told" not in without


def test_the_demos_partnerships_look_as_their_story_says(client, demo_program):
    """27.9: Aisha and Grace (since February) and Priya and Zoë had both agreements "not started", and
    notebook entries came before their partnership began."""
    from agreements.models import Agreement
    from checkins.models import NotebookEntry
    from matches.models import Match
    from profiles.models import User

    # This year's partnerships (the alumni of earlier years have a story of their own, for the year report).
    months_along = (
        Match.objects.exclude(mentee__email="an@example.com")
        .exclude(mentee__email__startswith="alumni.")
        .select_related("mentee", "mentor")
    )
    assert months_along.count() == 4
    for match in months_along:
        agreements = Agreement.objects.filter(match=match)
        assert sorted(a.kind for a in agreements if a.signatures.count() == 2) == ["confidentiality", "partnership"], (
            match
        )
        assert all(a.pdf for a in agreements), match
        assert all(s.signed_at > match.started_at for a in agreements for s in a.signatures.all())
    newest = Match.objects.get(mentee__email="an@example.com", status="active")
    assert not Agreement.objects.filter(match=newest, signatures__isnull=False).exists(), "newly matched"
    for entry in NotebookEntry.objects.select_related("match"):
        assert entry.date >= timezone.localdate(entry.match.started_at), entry

    client.force_login(User.objects.get(email="grace@example.com"))
    aisha = Match.objects.get(mentee__email="aisha@example.com")
    page = client.get(reverse("agreements:for_match", args=[aisha.pk])).content.decode()
    assert page.count(">Signed by both<") == 2


def test_waiting_list_and_mentees_to_match_are_named_apart_everywhere(client, coordinator):
    from profiles.models import Status
    from profiles.tests.factories import ProfileFactory

    ProfileFactory(status=Status.WAITLISTED)
    ProfileFactory(status=Status.WAITLISTED)
    ProfileFactory(status=Status.APPROVED)  # approved, no mentor yet
    client.force_login(coordinator)

    home = client.get(reverse("home")).content.decode()
    matching = client.get(reverse("matches:workspace")).content.decode()
    dashboard = client.get(reverse("dashboard:dashboard")).content.decode()

    assert '<div class="stat text-brand">2</div><div class="text-body">wait-listed applications</div>' in home
    assert "1 approved mentee to match" in home
    assert "1 mentee to match ·" in matching
    assert "Mentees to match</h2>" in matching
    assert 'data-figure="waiting">1</div><div class="text-body">mentee to match ·' in dashboard
    for page in (home, matching, dashboard):
        assert "waiting list" not in page
        assert "mentees waiting" not in page.lower()
        assert "mentee waiting" not in page.lower()


def test_a_coordinator_is_not_offered_report_a_concern_and_a_404_keeps_the_navigation(
    client, coordinator, mentee, settings
):
    client.force_login(coordinator)
    guide = client.get(reverse("guide_page", args=["boundaries"])).content.decode()
    settings.DEBUG = True  # make run: a view's 404 must still be the program's page, not Django's
    not_found = client.get(reverse("support:report"))
    client.force_login(mentee)
    mentees_guide = client.get(reverse("guide_page", args=["boundaries"])).content.decode()

    assert reverse("support:report") not in guide
    assert f'<a href="{reverse("support:inbox")}">Concerns</a>' in guide
    assert reverse("support:report") in mentees_guide
    assert not_found.status_code == 404
    page = not_found.content.decode()
    assert "We can&#x27;t find that page" in page or "We can't find that page" in page
    assert 'aria-label="Main navigation"' in page
    assert f'href="{reverse("dashboard:dashboard")}">Dashboard</a>' in page
    assert "Log in" not in page
