"""N1: each event notifies the people whose turn it is, naming the partner, and nobody else."""

import pytest
from django.utils import timezone

from agreements.finalise import agreement_finalise
from agreements.models import Agreement
from agreements.services import agreement_sign
from checkins.services import checkins_open_month
from matches.tests.factories import MatchFactory
from notifications.models import Notification
from outbox.models import Message
from plans.services import comment_add
from plans.tests.factories import PlanFactory
from profiles.models import Status
from profiles.services import profile_review
from profiles.tests.factories import ProfileFactory
from support.models import Category, ConcernStatus
from support.services import concern_report, concern_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    mentor = ProfileFactory(mentor=True, user__name="Grace Hopper", user__email="grace@example.org").user
    mentee = ProfileFactory(user__name="Aisha Khan", user__email="aisha@example.org").user
    return MatchFactory(mentor=mentor, mentee=mentee)


def told(kind):
    """{person's name: [texts]} of the notifications of ``kind``."""
    found: dict[str, list[str]] = {}
    for n in Notification.objects.filter(kind=kind).select_related("user").order_by("pk"):
        found.setdefault(n.user.name, []).append(n.text)
    return found


def test_the_first_signature_tells_the_partner_it_is_their_turn_and_the_second_sends_both_the_pdf(pair):
    agreement_sign(match=pair, kind="confidentiality", signer=pair.mentee, typed_name="Aisha Khan", confirmed=True)

    assert told("agreements.your_turn") == {
        "Grace Hopper": ["Aisha Khan signed the confidentiality agreement of your partnership: your turn to sign."]
    }
    assert Message.objects.get().to == ["grace@example.org"]

    agreement_sign(match=pair, kind="confidentiality", signer=pair.mentor, typed_name="Grace Hopper", confirmed=True)
    agreement_finalise(agreement_id=Agreement.objects.get(match=pair, kind="confidentiality").pk)

    assert told("agreements.your_turn").keys() == {"Grace Hopper"}  # nobody is told it is their turn again
    both = told("agreements.signed")
    assert both["Aisha Khan"] == [
        "You and Grace Hopper both signed the confidentiality agreement: the signed copy is on its page and in "
        "your e-mail."
    ]
    assert both.keys() == {"Aisha Khan", "Grace Hopper"}
    pdfs = Message.objects.filter(key__startswith="agreements.signed:")
    assert sorted(m.to[0] for m in pdfs) == ["aisha@example.org", "grace@example.org"]
    assert all(m.attachments.count() == 1 for m in pdfs)


def test_a_new_plan_version_tells_the_mentor_and_comments_tell_the_other_partner(pair):
    plan = PlanFactory(mentee=pair.mentee)
    assert told("plans.shared") == {"Grace Hopper": ["Aisha Khan saved version 1 of the action plan."]}

    comment, _ = comment_add(plan=plan, author=pair.mentor, body="Which exam date suits you?")
    comment_add(plan=plan, author=pair.mentee, body="June.", parent_id=comment.pk)

    assert told("plans.comment") == {
        "Aisha Khan": ["Grace Hopper commented on your action plan."],
        "Grace Hopper": ["Aisha Khan replied on the action plan of Aisha Khan."],
    }


def test_a_mentor_with_two_mentees_knows_whose_turn_it_is(pair):
    other = MatchFactory(mentor=pair.mentor, mentee=ProfileFactory(user__name="Bo Lindqvist").user)
    agreement_sign(
        match=pair, kind="partnership", signer=pair.mentee, typed_name="Aisha Khan", confirmed=True, without_goals=True
    )
    agreement_sign(
        match=other,
        kind="partnership",
        signer=other.mentee,
        typed_name="Bo Lindqvist",
        confirmed=True,
        without_goals=True,
    )

    texts = told("agreements.your_turn")["Grace Hopper"]
    assert [t.split(" signed")[0] for t in texts] == ["Aisha Khan", "Bo Lindqvist"]
    urls = set(Notification.objects.filter(kind="agreements.your_turn").values_list("url", flat=True))
    assert len(urls) == 2  # each leads to its own partnership's agreement


def test_a_concern_read_or_resolved_reaches_its_reporter_only_never_the_note(pair, coordinator):
    concern, _ = concern_report(reporter=pair.mentee, match=pair, category=Category.OTHER, text="We never meet.")
    concern_update(concern=concern, by=coordinator, status=ConcernStatus.ACKNOWLEDGED, note="Call Grace privately.")
    concern_update(concern=concern, by=coordinator, status=ConcernStatus.RESOLVED, note="Spoke to Grace.")

    day = timezone.localtime(concern.created_at).strftime("%d %B").lstrip("0")
    assert told("support.concern") == {
        "Aisha Khan": [
            f"The concern you reported on {day} was read by the coordinator.",
            f"The concern you reported on {day} was marked resolved.",
        ]
    }
    mail = [m for m in Message.objects.all() if "grace@example.org" in m.to or "Grace" in (m.text + m.html)]
    assert mail == []  # neither the partner nor the notes
    assert not any("privately" in m.text or "Spoke" in m.text for m in Message.objects.all())


def test_an_application_decided_is_told_to_the_applicant(coordinator):
    profile = ProfileFactory(status=Status.PENDING, user__name="Lea Novak")
    profile_review(profile=profile, status=Status.APPROVED, notes="Great fit.", reviewer=coordinator)
    profile_review(profile=profile, status=Status.APPROVED, notes="Again.", reviewer=coordinator)

    assert told("profiles.decided") == {"Lea Novak": ["Your application as a mentee was decided: approved."]}


def test_a_check_in_opened_tells_each_partner_naming_the_other(pair):
    checkins_open_month(month=timezone.localdate())
    checkins_open_month(month=timezone.localdate())  # again: nothing new

    found = told("checkins.opened")
    month = timezone.localdate().strftime("%B")
    assert found == {
        "Aisha Khan": [f"Your {month} check-in about your partnership with Grace Hopper is open."],
        "Grace Hopper": [f"Your {month} check-in about your partnership with Aisha Khan is open."],
    }
