"""M8 on PostgreSQL: two acceptances of a mentor's last place, in two transactions at once. One wins;
the other mentee is told and her request passes to her next choice."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from match_requests import services
from match_requests.models import Choice, ChoiceStatus, MentorRequest, RequestStatus
from matches.models import Match
from outbox.models import Message

from .factories import mentee, mentor, requests_on

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_acceptances_of_the_last_place_at_once_make_one_match():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite has no row locks to test")
    requests_on()
    grace = mentor("Grace Okafor", capacity=1)
    second = {"Aisha Rahman": mentor("Łukasz Nowak"), "Priya Sharma": mentor("Zoë Fairbairn")}
    people = [mentee(name) for name in second]
    for person in people:
        services.request_send(mentee=person, mentor_ids=[grace.pk, second[person.name].pk])
    asked = list(Choice.objects.filter(mentor=grace, status=ChoiceStatus.ASKED))
    assert len(asked) == 2
    barrier = threading.Barrier(2)
    results = {}
    real_now = timezone.now

    def slow_now():
        # Widen the gap between counting the mentor's matches and saving one, where a race would happen.
        time.sleep(0.2)
        return real_now()

    def accept(choice):
        try:
            barrier.wait()
            results[choice.pk] = services.choice_accept(choice_id=choice.pk, by=grace)
        finally:
            connection.close()

    with mock.patch("matches.services.timezone.now", side_effect=slow_now):
        threads = [threading.Thread(target=accept, args=(choice,)) for choice in asked]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert Match.objects.active().filter(mentor=grace).count() == 1
    won = [r for r in results.values() if r.match is not None]
    lost = [pk for pk, r in results.items() if r.match is None]
    assert len(won) == 1
    assert len(lost) == 1
    assert results[lost[0]].problem == "Grace Okafor is full: 1 of 1 places taken."
    loser = Choice.objects.get(pk=lost[0])
    assert loser.status == ChoiceStatus.PASSED
    request = MentorRequest.objects.get(pk=loser.request_id)
    assert request.status == RequestStatus.OPEN
    next_choice = request.choices.get(position=2)
    assert next_choice.status == ChoiceStatus.ASKED
    [told] = Message.objects.filter(to=[request.mentee.email], key__startswith="match_requests.passed-on")
    assert "has no free place any more" in told.text
    assert MentorRequest.objects.get(mentee=won[0].match.mentee).status == RequestStatus.MATCHED
