"""M8 through the pages and the services: a mentee asks up to three mentors in order; each in turn accepts,
declines or lets the deadline pass; the request passes on, makes the match, or ends kindly."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from match_requests import services
from match_requests.links import answer_url
from match_requests.models import Choice, ChoiceStatus, MentorRequest, RequestStatus
from matches.models import Match, MatchEvent, MatchStatus
from matches.services import matches_propose_bulk
from notifications.models import Notification
from outbox.models import Message
from profiles.models import MatchMode

from .factories import mentee, mentor, requests_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    return requests_on()


@pytest.fixture
def three(program):
    return [mentor("Grace Okafor"), mentor("Łukasz Nowak"), mentor("Zoë Fairbairn")]


def ask(client, person, mentors, note="I want to practise interviews.", capture=None):
    client.force_login(person)
    data = {f"choice_{n}": m.pk for n, m in enumerate(mentors, start=1)} | {"note": note}
    return client.post(reverse("requests:choose"), data, follow=True)


def emails_to(user):
    return Message.objects.filter(to=[user.email])


def test_a_mentee_sees_her_suggested_mentors_with_their_cards_and_reasons(client, three):
    aisha = mentee("Aisha Rahman")
    client.force_login(aisha)

    page = client.get(reverse("requests:choose")).content.decode()

    for person in three:
        assert person.name in page
    assert "Why Grace is suggested" in page
    assert "Ways to meet" in page
    assert "Send my request" in page


def test_requests_are_closed_when_the_coordinator_matches(client, three):
    requests_on(MatchMode.COORDINATOR)
    aisha = mentee("Aisha Rahman")

    response = ask(client, aisha, three[:1])

    assert "the coordinator finds your mentor" in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_the_first_choice_is_asked_at_once_with_a_signed_link(client, three, program):
    aisha = mentee("Aisha Rahman")

    response = ask(client, aisha, three)

    page = response.content.decode()
    assert "Your request is on its way" in page
    assert "Withdraw my request" in page
    request = MentorRequest.objects.get()
    first, second, third = request.choices.order_by("position")
    assert (first.status, second.status, third.status) == (
        ChoiceStatus.ASKED,
        ChoiceStatus.WAITING,
        ChoiceStatus.WAITING,
    )
    assert first.deadline is not None
    assert first.asked_at is not None
    assert first.deadline - first.asked_at == timedelta(days=program.request_answer_days)
    [email] = emails_to(three[0])
    assert "Aisha Rahman would like you as a mentor" in email.subject
    assert answer_url(first) in email.text
    assert not emails_to(three[1]).exists()
    assert Notification.objects.filter(user=three[0], kind="requests.received").exists()


def test_a_double_submit_sends_one_request(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    again = ask(client, aisha, three[:2])

    assert MentorRequest.objects.count() == 1
    assert "Your request was already sent" in again.content.decode()
    assert emails_to(three[0]).count() == 1


def test_a_mentor_outside_her_suggestions_cannot_be_asked(client, three):
    aisha = mentee("Aisha Rahman")
    stranger = mentor("Fleur Mentor", languages=["French"])  # no language in common: not suggested

    response = ask(client, aisha, [stranger])

    assert "Please check your choices; nothing was sent." in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_the_same_mentor_twice_is_refused(client, three):
    aisha = mentee("Aisha Rahman")
    client.force_login(aisha)

    response = client.post(reverse("requests:choose"), {"choice_1": three[0].pk, "choice_2": three[0].pk})

    assert "Please choose each mentor once." in response.content.decode()
    assert not MentorRequest.objects.exists()


def test_the_link_shows_the_request_and_only_the_post_answers(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    choice = Choice.objects.get(position=1)
    client.logout()

    page = client.get(answer_url(choice)).content.decode()
    assert "Aisha Rahman would like you as a mentor" in page
    assert "I want to practise interviews." in page
    choice.refresh_from_db()
    assert choice.status == ChoiceStatus.ASKED

    response = client.post(answer_url(choice), {"decision": "accept"}, follow=True)

    assert "You and Aisha Rahman are matched" in response.content.decode()
    match = Match.objects.get()
    assert (match.mentor, match.mentee, match.status) == (three[0], aisha, MatchStatus.ACTIVE)
    request = MentorRequest.objects.get()
    assert (request.status, request.match) == (RequestStatus.MATCHED, match)
    assert list(request.choices.values_list("status", flat=True).order_by("position")) == ["accepted", "withdrawn"]
    history = list(MatchEvent.objects.filter(match=match).values_list("to_status", "note"))
    assert history[0] == ("proposed", "Requested by Aisha Rahman (choice 1); accepted by Grace Okafor.")
    assert history[1][0] == "active"
    # Both got the introduction, as publishing gives it.
    assert emails_to(aisha).filter(key__startswith="matches.introduction").count() == 1
    assert emails_to(three[0]).filter(key__startswith="matches.introduction").count() == 1
    # Answering again changes nothing.
    again = client.post(answer_url(choice), {"decision": "decline", "reason": "x"}, follow=True)
    assert "no longer waiting for your answer" in again.content.decode()
    assert Match.objects.count() == 1


def test_a_decline_passes_the_request_to_the_next_choice(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three)
    first = Choice.objects.get(position=1)
    client.force_login(three[0])

    refused = client.post(reverse("requests:answer", args=[first.pk]), {"decision": "decline"}, follow=True)
    assert "Please say in a few words why you decline." in refused.content.decode()

    response = client.post(
        reverse("requests:answer", args=[first.pk]), {"decision": "decline", "reason": "Away all spring."}, follow=True
    )

    assert "The request goes to the mentee&#x27;s next choice." in response.content.decode()
    statuses = dict(Choice.objects.values_list("position", "status"))
    assert statuses == {1: "declined", 2: "asked", 3: "waiting"}
    assert Choice.objects.get(position=1).reason == "Away all spring."
    [told] = emails_to(aisha).filter(key__startswith="match_requests.passed-on")
    assert "we have asked your next choice, Łukasz Nowak" in told.text
    assert "Away all spring" not in told.text  # the reason is for the coordinator
    assert emails_to(three[1]).count() == 1


def test_no_answer_by_the_deadline_passes_it_on_once(client, three, program):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])

    with time_machine.travel(timezone.now() + timedelta(days=program.request_answer_days, hours=1)):
        assert services.requests_expire() == 1
        assert services.requests_expire() == 0

    assert dict(Choice.objects.values_list("position", "status")) == {1: "expired", 2: "asked"}
    [told] = emails_to(aisha).filter(key__startswith="match_requests.passed-on")
    assert "did not answer in time" in told.text


def test_when_every_choice_declines_the_mentee_is_told_kindly_and_the_coordinator_sees_it(client, three, coordinator):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    for position in (1, 2):
        choice = Choice.objects.get(position=position)
        services.choice_decline(choice_id=choice.pk, by=choice.mentor, reason="No time this year.")

    request = MentorRequest.objects.get()
    assert request.status == RequestStatus.EXHAUSTED
    [told] = emails_to(aisha).filter(key__startswith="match_requests.exhausted")
    assert "it is about their time, not about you" in told.text
    client.force_login(aisha)
    page = client.get(reverse("requests:choose")).content.decode()
    assert "None of the mentors you asked last time could take on a new mentee" in page
    client.force_login(coordinator)
    listing = client.get(reverse("requests:coordinator")).content.decode()
    assert "No choice could take them" in listing
    assert "Aisha Rahman" in listing
    assert "No time this year." in listing


def test_a_choice_full_when_its_turn_comes_is_passed_over(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three)
    for _ in range(2):  # Łukasz fills up meanwhile
        Match.objects.create(mentor=three[1], mentee=mentee("Someone Else"), status=MatchStatus.ACTIVE)

    first = Choice.objects.get(position=1)
    services.choice_decline(choice_id=first.pk, by=three[0], reason="Away.")

    assert dict(Choice.objects.values_list("position", "status")) == {1: "declined", 2: "passed", 3: "asked"}


def test_accepting_when_the_last_place_went_meanwhile_passes_the_mentee_on(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    for _ in range(2):
        Match.objects.create(mentor=three[0], mentee=mentee("Someone Else"), status=MatchStatus.ACTIVE)
    first = Choice.objects.get(position=1)
    client.logout()

    response = client.post(answer_url(first), {"decision": "accept"}, follow=True)

    assert "Your places are all taken now" in response.content.decode()
    assert dict(Choice.objects.values_list("position", "status")) == {1: "passed", 2: "asked"}
    assert not Match.objects.filter(mentee=aisha).exists()


def test_when_a_mentor_fills_up_the_other_requests_to_them_pass_on(client, program):
    grace, other = mentor("Grace Okafor", capacity=1), mentor("Łukasz Nowak")
    aisha, priya = mentee("Aisha Rahman"), mentee("Priya Sharma")
    ask(client, aisha, [grace])
    ask(client, priya, [grace, other])

    services.choice_accept(choice_id=Choice.objects.get(request__mentee=aisha).pk, by=grace)

    assert Choice.objects.get(request__mentee=priya, mentor=grace).status == ChoiceStatus.PASSED
    assert Choice.objects.get(request__mentee=priya, mentor=other).status == ChoiceStatus.ASKED


def test_the_mentee_withdraws_her_request(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    request = MentorRequest.objects.get()

    response = client.post(reverse("requests:withdraw", args=[request.pk]), follow=True)

    assert "The request is withdrawn" in response.content.decode()
    assert set(Choice.objects.values_list("status", flat=True)) == {"withdrawn"}
    client.logout()
    page = client.get(answer_url(Choice.objects.get(position=1))).content.decode()
    assert "This request was withdrawn; no answer is needed." in page


def test_the_asked_mentor_is_told_of_a_withdrawal_once_and_the_waiting_one_never(client, three):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    request = MentorRequest.objects.get()

    client.post(reverse("requests:withdraw", args=[request.pk]))
    client.post(reverse("requests:withdraw", args=[request.pk]))  # a second click changes nothing

    [told] = emails_to(three[0]).filter(key__startswith="match_requests.withdrawn")
    assert told.subject.endswith("Aisha's request was withdrawn")
    assert "Aisha Rahman no longer needs an answer from you" in told.text
    assert not emails_to(three[1]).exists()
    [bell] = Notification.objects.filter(user=three[0], kind="requests.withdrawn")
    assert bell.text == "Aisha Rahman's request was withdrawn: you no longer need to answer it."
    assert not Notification.objects.filter(user=three[1]).exists()


def test_the_coordinator_answers_for_a_mentor_who_phoned_in(client, three, coordinator):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    client.force_login(coordinator)
    listing = client.get(reverse("requests:coordinator")).content.decode()
    assert "answer by" in listing
    first = Choice.objects.get(position=1)

    response = client.post(reverse("requests:answer_for", args=[first.pk]), {"decision": "accept"}, follow=True)

    assert "Aisha Rahman &amp; Grace Okafor are matched and introduced." in response.content.decode()
    match = Match.objects.get()
    assert match.status == MatchStatus.ACTIVE
    assert MatchEvent.objects.filter(match=match, to_status="active", actor=coordinator).exists()


def test_the_coordinator_matches_by_hand_instead(client, three, coordinator):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    request = MentorRequest.objects.get()
    client.force_login(coordinator)

    response = client.post(reverse("requests:match_by_hand", args=[request.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("matches:suggestions", args=[aisha.pk])
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_changing_the_mode_never_touches_existing_matches_or_requests(client, three, coordinator):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    Match.objects.create(mentor=three[2], mentee=mentee("Priya Sharma"), status=MatchStatus.ACTIVE)

    requests_on(MatchMode.COORDINATOR)

    assert MentorRequest.objects.get().status == RequestStatus.OPEN
    assert Match.objects.active().count() == 1
    choice = Choice.objects.get(position=1)
    services.choice_accept(choice_id=choice.pk, by=choice.mentor)
    assert Match.objects.active().count() == 2


def test_the_bulk_proposal_leaves_requests_to_their_mentors(client, coordinator):
    requests_on(MatchMode.BOTH)
    grace = mentor("Grace Okafor", capacity=1)
    aisha, priya = mentee("Aisha Rahman"), mentee("Priya Sharma")
    ask(client, aisha, [grace])

    proposal = matches_propose_bulk(by=coordinator, min_score=0)

    # Aisha waits for Grace's answer, and Grace's one place is hers meanwhile: Priya is not given it.
    assert proposal.waiting == 1
    assert proposal.created == 0
    services.request_withdraw(request_id=MentorRequest.objects.get().pk, by=aisha)
    proposal = matches_propose_bulk(by=coordinator, min_score=0)
    assert proposal.created == 1
    assert {m.mentee for m in proposal.matches()} <= {aisha, priya}


def test_a_mentee_matched_by_hand_meanwhile_is_not_passed_on(client, three, coordinator):
    aisha = mentee("Aisha Rahman")
    ask(client, aisha, three[:2])
    Match.objects.create(mentor=three[2], mentee=aisha, status=MatchStatus.PROPOSED, created_by=coordinator)
    first = Choice.objects.get(position=1)

    answer = services.choice_accept(choice_id=first.pk, by=three[0])

    assert answer.match is None
    assert "already has a proposed or active match" in answer.problem
    assert MentorRequest.objects.get().status == RequestStatus.WITHDRAWN
    assert dict(Choice.objects.values_list("position", "status")) == {1: "passed", 2: "withdrawn"}
    assert not emails_to(three[1]).exists()
    assert not emails_to(aisha).filter(key__startswith="match_requests.exhausted").exists()
