"""E1: closing a partnership, by any of the three people, and what follows each reason."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from checkins.models import CheckIn, CheckInStatus
from checkins.services import checkins_remind
from checkins.tests.factories import CheckInFactory
from endings.models import Survey
from matches.models import Match, MatchEvent, MatchStatus
from matches.selectors import mentors_with_free_places, waiting_mentees
from matches.tests.factories import MatchFactory
from profiles.models import Profile
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(mentor, mentee):
    Profile.objects.filter(user=mentor).update(capacity=1)
    return MatchFactory(mentor=mentor, mentee=mentee, started_at=timezone.now() - timedelta(days=200))


def close(client, match, person, reason, note="", capture=None):
    client.force_login(person)
    with capture(execute=True):
        return client.post(reverse("endings:close", args=[match.pk]), {"reason": reason, "note": note}, follow=True)


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.parametrize("closer", ["mentor", "mentee", "coordinator"])
@pytest.mark.parametrize("reason", ["completed", "not_a_fit", "inactive", "other"])
def test_closing_tells_the_right_people_and_puts_everyone_where_they_belong(
    client, match, mentor, mentee, coordinator, closer, reason, django_capture_on_commit_callbacks
):
    open_checkin = CheckInFactory(match=match, opened_at=timezone.now() - timedelta(days=5))
    CheckInFactory(match=match, role="mentee", opened_at=timezone.now() - timedelta(days=5), answered=True)
    people = {"mentor": mentor, "mentee": mentee, "coordinator": coordinator}
    by = people[closer]

    response = close(
        client, match, by, reason, note="Private words for the coordinator.", capture=django_capture_on_commit_callbacks
    )

    match.refresh_from_db()
    assert (match.status, match.close_reason) == (MatchStatus.CLOSED, reason)
    assert MatchEvent.objects.filter(match=match, to_status="closed", reason=reason, actor=by).exists()
    assert "is closed" in response.content.decode()
    # Who is told: the other partner (or both, when the coordinator closes) and the coordinators.
    closed_mail = {m.to[0] for m in mail.outbox if "is closed" in m.subject}
    expected = {mentor.email, mentee.email} - {by.email}
    assert closed_mail == expected
    to_coordinator = [m for m in mail_to(coordinator.email) if "closed their partnership" in m.subject]
    assert len(to_coordinator) == (0 if closer == "coordinator" else 1)
    if to_coordinator:
        assert "Private words for the coordinator." in to_coordinator[0].body
    assert not any("Private words" in m.body for m in mail.outbox if m.to != [coordinator.email])
    # Both get the closing survey, once.
    assert {s.person for s in Survey.objects.filter(match=match)} == {mentor, mentee}
    assert len([m for m in mail.outbox if "how did your partnership" in m.subject]) == 2
    # The open check-in is withdrawn; the answered one stays; no reminder goes out.
    assert CheckIn.objects.get(pk=open_checkin.pk).status == CheckInStatus.WITHDRAWN
    assert CheckIn.objects.filter(match=match, status=CheckInStatus.ANSWERED).count() == 1
    assert checkins_remind(now=timezone.now() + timedelta(days=1)) == 0
    # Where people wait: only after "not a fit" does the mentee wait for a new mentor (first in line).
    waiting = list(waiting_mentees())
    assert (mentee.profile in waiting) == (reason == "not_a_fit")
    if reason == "not_a_fit":
        assert waiting[0] == mentee.profile
        assert waiting[0].rematching
    # The mentor's place is free again in every case.
    assert mentor.profile in list(mentors_with_free_places())


def test_closing_twice_or_by_a_stranger_changes_nothing(client, match, mentor, django_capture_on_commit_callbacks):
    close(client, match, mentor, "completed", capture=django_capture_on_commit_callbacks)
    sent = len(mail.outbox)

    again = close(client, match, mentor, "not_a_fit", capture=django_capture_on_commit_callbacks)
    assert "not active" in again.content.decode()
    stranger = ProfileFactory().user
    client.force_login(stranger)
    assert client.post(reverse("endings:close", args=[match.pk]), {"reason": "other"}).status_code == 404
    assert client.get(reverse("endings:close", args=[match.pk])).status_code == 404

    match.refresh_from_db()
    assert match.close_reason == "completed"
    assert len(mail.outbox) == sent
    assert MatchEvent.objects.filter(match=match, to_status="closed").count() == 1


def test_the_close_page_says_what_will_happen_and_a_reason_is_needed(client, match, mentee):
    client.force_login(mentee)

    page = client.get(reverse("endings:close", args=[match.pk])).content.decode()
    refused = client.post(reverse("endings:close", args=[match.pk]), {"reason": "bored"}).content.decode()

    assert "Morgan Mentor and the program coordinator are told by e-mail" in page
    assert "first in line for a new mentor" in page
    assert "Please choose why the partnership ends." in refused
    assert Match.objects.get(pk=match.pk).status == MatchStatus.ACTIVE


def test_after_completing_the_mentee_is_an_alum_who_can_ask_for_a_new_mentor(
    client, match, mentee, django_capture_on_commit_callbacks
):
    close(client, match, mentee, "completed", capture=django_capture_on_commit_callbacks)
    page = client.get(reverse("endings:closed", args=[match.pk])).content.decode()
    assert "one of the program's alumni" in page
    assert mentee.profile not in list(waiting_mentees())

    response = client.post(reverse("endings:ask_for_mentor"), follow=True)
    twice = client.post(reverse("endings:ask_for_mentor"), follow=True)

    assert "You are back on the list for a new mentor" in response.content.decode()
    assert "already waiting" in twice.content.decode()
    assert mentee.profile in list(waiting_mentees())


def test_the_mentor_says_whether_they_would_take_another_mentee(
    client, match, mentor, django_capture_on_commit_callbacks
):
    close(client, match, mentor, "completed", capture=django_capture_on_commit_callbacks)

    client.post(reverse("endings:availability"), {"open_to_mentees": "no"})
    assert mentor.profile not in list(mentors_with_free_places())
    client.post(reverse("endings:availability"), {"open_to_mentees": "yes"})
    assert mentor.profile in list(mentors_with_free_places())


@pytest.mark.parametrize(
    "sent",
    ["//evil.example/x", "https://evil.example/x", "/\\evil.example/x", "///evil.example", "javascript:alert(1)"],
)
def test_the_availability_answer_never_leaves_the_site(client, match, mentor, sent):
    """27.26: ``next`` pointing off the site (as only ``startswith("/")`` let through) goes home instead."""
    client.force_login(mentor)

    response = client.post(reverse("endings:availability"), {"open_to_mentees": "no", "next": sent})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_the_availability_answer_returns_to_the_page_it_came_from(client, match, mentor):
    client.force_login(mentor)

    response = client.post(reverse("endings:availability"), {"open_to_mentees": "no", "next": "/my-match/?x=1"})

    assert response["Location"] == "/my-match/?x=1"


def test_agreements_and_notebook_stay_readable_to_both_after_closing(
    client, match, mentor, mentee, django_capture_on_commit_callbacks
):
    close(client, match, mentor, "completed", capture=django_capture_on_commit_callbacks)

    for person in (mentor, mentee):
        client.force_login(person)
        assert client.get(reverse("agreements:for_match", args=[match.pk])).status_code == 200
        assert client.get(reverse("checkins:notebook", args=[match.pk])).status_code == 200
        assert client.get(reverse("endings:closed", args=[match.pk])).status_code == 200
        assert "Past partnerships" in client.get(reverse("home")).content.decode()


def test_the_coordinator_puts_a_mentee_back_in_the_pool_from_the_match_page(
    client, match, mentee, coordinator, django_capture_on_commit_callbacks
):
    close(client, match, coordinator, "inactive", capture=django_capture_on_commit_callbacks)
    page = client.get(reverse("dashboard:match", args=[match.pk])).content.decode()
    assert "back among the mentees to match" in page

    client.post(reverse("endings:put_back", args=[match.pk]))

    assert mentee.profile in list(waiting_mentees())
