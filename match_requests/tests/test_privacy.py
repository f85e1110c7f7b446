"""What requests hold of a person: exported to the mentee and the mentor, erased with the mentee."""

import pytest

from match_requests import privacy, services
from match_requests.models import Choice, MentorRequest

from .factories import mentee, mentor, requests_on

pytestmark = pytest.mark.django_db


def test_a_request_is_exported_to_both_and_erased_with_the_mentee():
    requests_on()
    grace, lukasz = mentor("Grace Okafor"), mentor("Łukasz Nowak")
    aisha = mentee("Aisha Rahman")
    services.request_send(mentee=aisha, mentor_ids=[grace.pk, lukasz.pk], note="Interviews, please.")
    first = Choice.objects.get(position=1)
    services.choice_decline(choice_id=first.pk, by=grace, reason="Travelling until March.")

    mine = privacy.export(aisha).tables["requests for a mentor"]
    assert [(row["mentor"], row["answer"]) for row in mine] == [
        ("Grace Okafor", "Declined"),
        ("Łukasz Nowak", "Waiting for an answer"),
    ]
    assert mine[0]["note"] == "Interviews, please."
    [received] = privacy.export(grace).tables["requests received"]
    assert (received["from"], received["reason given"]) == ("Aisha Rahman", "Travelling until March.")

    privacy.erase(grace)
    assert Choice.objects.get(pk=first.pk).reason == ""

    counts = privacy.erase(aisha)
    assert counts == {"match_requests.MentorRequest": 1, "match_requests.Choice": 2}
    assert not MentorRequest.objects.exists()
    assert not Choice.objects.exists()
