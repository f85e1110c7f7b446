"""M9: no unwanted re-pairing. A former mentor is never proposed or suggested to a mentee who asked for a
new one; a pair marked "not again" is never proposed; the coordinator may still choose a former partner by
hand, confirmed and kept in the history; and a draft of two former partners says so."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from match_requests.tests.factories import requests_on
from matches import selectors
from matches.models import CloseReason, Match, MatchEvent, MatchStatus, NotAgain
from matches.services import matches_propose_bulk, not_again_mark
from profiles.models import Profile, User
from profiles.tests.factories import ProfileFactory

from .factories import MatchFactory

pytestmark = pytest.mark.django_db


def closed(mentor, mentee, reason=CloseReason.COMPLETED, days_ago=30):
    return MatchFactory(
        mentor=mentor,
        mentee=mentee,
        status=MatchStatus.CLOSED,
        close_reason=reason,
        closed_at=timezone.now() - timedelta(days=days_ago),
    )


@pytest.fixture
def alum():
    """Mateo completed a partnership with Søren, then asked for a new mentor."""
    soren = ProfileFactory(mentor=True, user__name="Søren Kristensen").user
    mateo = ProfileFactory(user__name="Mateo Alvarez").user
    closed(soren, mateo)
    return mateo, soren


def test_a_former_mentor_is_never_proposed_in_bulk(alum, coordinator):
    mateo, _soren = alum

    proposal = matches_propose_bulk(by=coordinator, min_score=0)

    assert proposal.created == 0
    other = ProfileFactory(mentor=True, user__name="Grace Okafor").user
    proposal = matches_propose_bulk(by=coordinator, min_score=0)
    assert [(m.mentee, m.mentor) for m in proposal.matches()] == [(mateo, other)]


def test_a_former_mentor_is_never_suggested_to_the_mentee(alum, client):
    mateo, soren = alum
    requests_on()
    client.force_login(mateo)

    page = client.get(reverse("requests:choose")).content.decode()

    assert "Søren Kristensen" not in page
    assert client.get(reverse("requests:card", args=[soren.pk])).status_code == 404


def test_the_coordinator_may_choose_a_former_mentor_by_hand_after_confirming(alum, client, coordinator):
    mateo, soren = alum
    client.force_login(coordinator)
    url = reverse("matches:suggestions", args=[mateo.pk])

    page = client.get(url).content.decode()
    assert "Paired before" in page
    assert "Propose Søren Kristensen again…" in page

    warned = client.post(url, {"mentor": soren.pk}).content.decode()
    assert "were partners before" in warned
    assert "Yes, propose Søren Kristensen anyway" in warned
    assert not Match.objects.filter(status=MatchStatus.PROPOSED).exists()

    client.post(url, {"mentor": soren.pk, "confirm": "True"})
    draft = Match.objects.get(status=MatchStatus.PROPOSED)
    note = MatchEvent.objects.get(match=draft).note
    assert note.startswith("Proposed by hand although: Paired before (ended in ")
    assert note.endswith(": completed).")
    workspace = client.get(reverse("matches:workspace")).content.decode()
    assert "Paired before</span>" in workspace


def test_a_pair_marked_not_again_is_never_proposed_nor_chosen_by_hand(client, coordinator):
    grace = ProfileFactory(mentor=True, user__name="Grace Okafor").user
    aisha = ProfileFactory(user__name="Aisha Rahman").user
    client.force_login(coordinator)

    response = client.post(
        reverse("matches:not_again", args=[aisha.pk]), {"mentor": grace.pk, "note": "Same employer."}, follow=True
    )

    page = response.content.decode()
    assert "will not be proposed to each other again" in page
    assert "Never suggested again" in page
    assert matches_propose_bulk(by=coordinator, min_score=0).created == 0
    refused = client.post(reverse("matches:suggestions", args=[aisha.pk]), {"mentor": grace.pk, "confirm": "True"})
    assert "marked not to be matched again" in refused.content.decode()
    assert not Match.objects.exists()

    lifted = client.post(
        reverse("matches:not_again", args=[aisha.pk]), {"mentor": grace.pk, "remove": "True"}, follow=True
    )
    assert "may be matched again" in lifted.content.decode()
    assert matches_propose_bulk(by=coordinator, min_score=0).created == 1


def test_a_not_a_fit_followed_by_a_completed_partnership_is_no_longer_a_re_matcher():
    mentee = ProfileFactory(user__name="Olek Kowalczyk").user
    closed(ProfileFactory(mentor=True).user, mentee, CloseReason.NOT_A_FIT, days_ago=400)
    assert selectors.waiting_mentees().get(user=mentee).rematching

    closed(ProfileFactory(mentor=True).user, mentee, CloseReason.COMPLETED, days_ago=10)

    assert not selectors.waiting_mentees().get(user=mentee).rematching


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(1, 4),
    st.integers(1, 5),
    st.lists(
        st.tuples(st.integers(0, 4), st.integers(0, 3), st.sampled_from(["not_again", *CloseReason.values])), max_size=8
    ),
)
def test_no_bulk_proposal_re_pairs_a_former_or_not_again_pair(coordinator, mentors, mentees, history):
    """Over random programs: whatever the scores, no draft pairs two people who were partners before or are
    marked "not again" (as the property test of the assignment does for "not a fit")."""
    Match.objects.all().delete()
    NotAgain.objects.all().delete()
    Profile.objects.all().delete()
    User.objects.exclude(pk=coordinator.pk).delete()
    mentor_users = [ProfileFactory(mentor=True, capacity=2).user for _ in range(mentors)]
    mentee_users = [ProfileFactory().user for _ in range(mentees)]
    for row, column, what in history:
        mentee, mentor = mentee_users[row % mentees], mentor_users[column % mentors]
        if what == "not_again":
            not_again_mark(mentee=mentee, mentor=mentor, by=coordinator)
        elif not Match.objects.filter(mentee=mentee, mentor=mentor).exists():
            closed(mentor, mentee, what)

    proposal = matches_propose_bulk(by=coordinator, min_score=0)

    never = {(a, b) for a, b in NotAgain.objects.values_list("mentee_id", "mentor_id")} | set(
        Match.objects.filter(status=MatchStatus.CLOSED).values_list("mentee_id", "mentor_id")
    )
    drafts = set(proposal.matches().values_list("mentee_id", "mentor_id"))
    assert not drafts & never
    # Everyone who could have been matched was: the rule takes out pairs, not people.
    possible = {(e.pk, m.pk) for e in mentee_users for m in mentor_users} - never
    if possible:
        assert drafts
