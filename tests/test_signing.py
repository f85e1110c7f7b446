"""Signed links (core/signing.py): a token opens what it was made for, for as long as it was made for,
and anything else is a ``BadLink`` that says why."""

from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.utils import timezone

from core.signing import BadLink, LinkPurpose

ANSWER = LinkPurpose(
    "tests.answer", fields={"thing": int, "person": int}, object_field="thing", max_age=timedelta(days=7)
)
REPORT = LinkPurpose("tests.report", fields={"person": int, "match": int | None})


def reason(purpose, token, **read):
    with pytest.raises(BadLink) as refused:
        purpose.read(token, **read)
    return refused.value.reason


def test_a_token_opens_what_it_was_made_for():
    token = ANSWER.make(thing=12, person=34)

    assert ANSWER.read(token, object_id=12) == {"thing": 12, "person": 34}


def test_a_token_past_its_max_age_has_expired():
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        old = ANSWER.make(thing=12, person=34)
    with time_machine.travel(timezone.now() - timedelta(days=6)):
        recent = ANSWER.make(thing=12, person=34)

    assert reason(ANSWER, old, object_id=12) == "expired"
    assert ANSWER.read(recent, object_id=12)["person"] == 34


def test_a_max_age_given_when_read_decides_instead():
    with time_machine.travel(timezone.now() - timedelta(days=20)):
        token = REPORT.make(person=34, match=None)

    assert REPORT.read(token, max_age=timedelta(days=21)) == {"person": 34, "match": None}
    assert reason(REPORT, token, max_age=timedelta(days=19)) == "expired"
    with pytest.raises(TypeError):  # a purpose without a max_age is never read without one
        REPORT.read(token)


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t[:-4] + ("AAAA" if not t.endswith("AAAA") else "BBBB"),
        lambda t: t[:20],
        lambda t: "x" + t,
        lambda t: "",
    ],
)
def test_a_tampered_or_broken_token_is_invalid(damage):
    assert reason(ANSWER, damage(ANSWER.make(thing=12, person=34)), object_id=12) == "invalid"


def test_a_token_made_for_another_purpose_is_invalid():
    other = LinkPurpose(
        "tests.other", fields={"thing": int, "person": int}, object_field="thing", max_age=timedelta(days=7)
    )

    assert reason(ANSWER, other.make(thing=12, person=34), object_id=12) == "invalid"


def test_a_genuine_token_for_another_object_than_the_url_names_is_elsewhere():
    assert reason(ANSWER, ANSWER.make(thing=12, person=34), object_id=13) == "elsewhere"


@pytest.mark.parametrize(
    "payload",
    [[12, 34], "12", None, {"thing": 12}, {"thing": "12", "person": 34}, {"thing": 12, "person": None}],
)
def test_a_signed_payload_not_as_made_is_invalid(payload):
    token = signing.dumps(payload, salt=ANSWER.salt, compress=True)

    assert reason(ANSWER, token, object_id=12) == "invalid"


def test_a_field_may_allow_none_and_nothing_else():
    assert REPORT.read(REPORT.make(person=34, match=None), max_age=timedelta(days=1))["match"] is None
    token = signing.dumps({"person": 34, "match": "5"}, salt=REPORT.salt)

    assert reason(REPORT, token, max_age=timedelta(days=1)) == "invalid"


def test_a_link_is_made_with_exactly_its_fields():
    with pytest.raises(TypeError):
        ANSWER.make(thing=12)
    with pytest.raises(TypeError):
        ANSWER.make(thing=12, person=34, more=1)
    with pytest.raises(TypeError):
        ANSWER.make(thing="12", person=34)


def test_tokens_made_by_django_signing_before_this_module_still_open():
    """Links already in inboxes were made by ``signing.dumps`` with the same salts and keys."""
    with time_machine.travel(timezone.now(), tick=False):  # one second for both: a token holds the time
        compressed = signing.dumps({"thing": 12, "person": 34}, salt="tests.answer", compress=True)
        made = ANSWER.make(thing=12, person=34)
    plain = signing.dumps({"thing": 12, "person": 34}, salt="tests.answer")

    assert made == compressed
    assert ANSWER.read(plain, object_id=12) == {"thing": 12, "person": 34}


def test_each_links_tokens_are_the_ones_its_links_were_made_with_before():
    """The salts and keys of the links already sent: changing one would break every link in an inbox."""
    from types import SimpleNamespace

    from checkins.links import make_token as checkin_token
    from endings.links import make_token as survey_token
    from profiles.links import invitation_url
    from profiles.models import Invitation
    from support.links import make_token as report_token

    def before(payload, salt):
        return signing.dumps(payload, salt=salt, compress=True)

    checkin = survey = SimpleNamespace(pk=12, person_id=34)
    invitation = Invitation(pk=5, email="amira@example.org")
    with time_machine.travel(timezone.now(), tick=False):
        assert checkin_token(checkin) == before({"checkin": 12, "person": 34}, "checkins.answer")
        assert survey_token(survey) == before({"survey": 12, "person": 34}, "endings.survey")
        assert report_token(person_id=34, match_id=None) == before({"person": 34, "match": None}, "support.concern")
        assert invitation_url(invitation).split("/")[-2] == before(
            {"invitation": 5, "email": "amira@example.org"}, "profiles.invitation"
        )
