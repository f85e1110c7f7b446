"""M2–M6 through the coordinator's pages: suggestions, the bulk proposal, publishing, closing, re-matching."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from matches.models import CloseReason, Match, MatchEvent, MatchStatus
from matches.services import match_close, match_publish
from profiles.models import Status
from profiles.tests.factories import ProfileFactory, TopicFactory
from profiles.tests.utils import only_email_to

from .factories import MatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def propose_all(client, django_capture_on_commit_callbacks):
    """Press "Propose matches": the task starts when the request's transaction commits."""

    def propose(min_score, follow=True):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("matches:propose_bulk"), {"min_score": min_score})
        return client.get(response.url, follow=True) if follow and response.status_code == 302 else response

    return propose


@pytest.fixture
def program():
    networking, culture = TopicFactory(name="Networking"), TopicFactory(name="Workplace culture")
    mentors = [
        ProfileFactory(mentor=True, capacity=1, user__name="Morgan Mentor", user__email="morgan@example.org"),
        ProfileFactory(
            mentor=True,
            capacity=2,
            user__name="Nico Mentor",
            user__email="nico@example.org",
            channels=["phone", "video"],
            languages=["French", "English"],
        ),
    ]
    mentors[0].expertise.set([networking, culture])
    mentees = [
        ProfileFactory(user__name="Amira Mentee", user__email="amira@example.org"),
        ProfileFactory(user__name="Bo Mentee", user__email="bo@example.org"),
    ]
    mentees[0].focus_areas.set([networking])
    return mentors, mentees


def test_suggestions_rank_mentors_with_reasons(client, coordinator, program):
    _mentors, mentees = program
    client.force_login(coordinator)

    body = client.get(reverse("matches:suggestions", args=[mentees[0].user_id])).content.decode()

    assert body.index("Morgan Mentor") < body.index("Nico Mentor")
    assert "Covers 1 of 1 wanted: Networking" in body
    assert "Same discipline" in body


def test_any_approved_mentor_is_found_by_name_to_pick_by_hand(client, coordinator, program):
    mentors, mentees = program
    ProfileFactory(mentor=True, status=Status.PENDING, user__name="Nico Pending")
    ProfileFactory(user__name="Nico Mentee")
    client.force_login(coordinator)
    url = reverse("matches:suggestions", args=[mentees[0].user_id])

    page = client.get(url).content.decode()
    assert "Find any approved mentor by name" in page
    assert f'name="mentor" value="{mentors[1].user_id}"' not in page.split('id="by-hand-title"')[1], "no list of all"

    found = client.get(url, {"q": "nico"}).content.decode().split('id="by-hand-title"')[1]
    assert "Nico Mentor" in found
    assert 'Propose<span class="visually-hidden"> Nico Mentor</span>' in found
    assert 'Not again<span class="visually-hidden"> with Nico Mentor</span>' in found
    assert "Nico Pending" not in found, "approved mentors only"
    assert "Nico Mentee" not in found
    assert "contains “nobody”" in client.get(url, {"q": "nobody"}).content.decode()
    assert "Morgan Mentor" in client.get(url, {"q": "MORGAN@example"}).content.decode().split('id="by-hand-title"')[1]


def test_the_mentors_found_are_a_page_at_a_time(client, coordinator, program, monkeypatch):
    _mentors, mentees = program
    monkeypatch.setattr("matches.selectors.MENTORS_FOUND", 1)
    client.force_login(coordinator)

    found = client.get(reverse("matches:suggestions", args=[mentees[0].user_id]), {"q": "mentor"}).content.decode()

    assert "Morgan Mentor" in found.split('id="by-hand-title"')[1]
    assert "Nico Mentor" not in found.split('id="by-hand-title"')[1]
    assert "More mentors match “mentor”: the first 1 by name are shown" in found


def test_coordinator_proposes_a_match_by_hand_and_publishes_it(
    client, coordinator, program, django_capture_on_commit_callbacks
):
    mentors, mentees = program
    client.force_login(coordinator)

    response = client.post(
        reverse("matches:suggestions", args=[mentees[1].user_id]), {"mentor": mentors[1].user_id}, follow=True
    )
    assert "Draft match proposed for Bo Mentee" in response.content.decode()
    match = Match.objects.get()
    assert (match.status, match.mentor, match.score is not None) == (MatchStatus.PROPOSED, mentors[1].user, True)
    assert mail.outbox == [], "a proposal tells nobody"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matches:publish", args=[match.pk]), follow=True)

    assert "both were introduced by e-mail" in response.content.decode()
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    to_mentee = only_email_to("bo@example.org")
    assert "Nico Mentor" in to_mentee.subject
    assert "nico@example.org" in to_mentee.body
    assert "Phone" in to_mentee.body
    assert "confidentiality agreement" in to_mentee.body
    assert "partnership agreement" in to_mentee.body
    assert "action plan" in to_mentee.body
    to_mentor = only_email_to("nico@example.org")
    assert "Bo Mentee" in to_mentor.subject
    assert "Grow in my field." in to_mentor.body


def test_bulk_proposal_drafts_the_best_total_and_publishing_introduces_everyone(
    client, coordinator, program, django_capture_on_commit_callbacks, propose_all
):
    _mentors, _mentees = program
    client.force_login(coordinator)

    response = propose_all(0)

    assert "2 draft matches proposed" in response.content.decode()
    drafts = {m.mentee.email: m.mentor.email for m in Match.objects.proposed()}
    assert drafts == {"amira@example.org": "morgan@example.org", "bo@example.org": "nico@example.org"}
    assert "Covers 1 of 1 wanted: Networking" in response.content.decode()

    confirm = client.get(reverse("matches:publish_all")).content.decode()
    assert "Publish 2 matches?" in confirm
    assert "<strong>4 e-mails</strong>" in confirm
    assert not mail.outbox, "the confirmation page sends nothing"
    assert not Match.objects.active().exists(), "the confirmation page publishes nothing"
    listed = list(Match.objects.proposed().values_list("pk", flat=True))
    late = Match.objects.create(mentor=Match.objects.first().mentor, mentee=ProfileFactory().user)  # proposed meanwhile
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matches:publish_all"), {"match": listed}, follow=True)

    assert "2 matches published" in response.content.decode()
    assert Match.objects.get(pk=late.pk).status == MatchStatus.PROPOSED, "not on the confirmed list: not sent unseen"
    assert Match.objects.active().count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        ["amira@example.org", "morgan@example.org", "bo@example.org", "nico@example.org"]
    )


def test_publishing_ids_that_are_not_ids_publishes_nothing_and_says_so(client, coordinator):
    client.force_login(coordinator)
    draft = Match.objects.create(mentor=ProfileFactory(mentor=True).user, mentee=ProfileFactory().user)

    response = client.post(reverse("matches:publish_all"), {"match": ["²", "٣", "9" * 20, "-1", f"{draft.pk}.0"]})

    assert response.status_code == 302
    assert Match.objects.get(pk=draft.pk).status == MatchStatus.PROPOSED


def test_bulk_proposal_respects_the_lowest_score(client, coordinator, program, propose_all):
    client.force_login(coordinator)

    response = propose_all(100)

    assert "No pair reached the lowest score" in response.content.decode()
    assert not Match.objects.exists()


@pytest.mark.parametrize("value", ["-1", "101", "lots", ""])
def test_a_bad_lowest_score_is_refused(client, coordinator, program, value):
    client.force_login(coordinator)

    response = client.post(reverse("matches:propose_bulk"), {"min_score": value}, follow=True)

    assert "The lowest score must be a whole number from 0 to 100." in response.content.decode()
    assert not Match.objects.exists()


def test_a_second_bulk_proposal_does_not_duplicate_drafts(client, coordinator, program, propose_all):
    client.force_login(coordinator)
    propose_all(0, follow=False)

    response = propose_all(0)

    assert Match.objects.count() == 2
    assert "No approved mentee is left to match." in response.content.decode()


def test_dropping_a_draft_removes_it_and_its_mentee_waits_again(client, coordinator, program, propose_all):
    client.force_login(coordinator)
    propose_all(0, follow=False)
    draft = Match.objects.get(mentee__email="bo@example.org")

    response = client.post(reverse("matches:drop", args=[draft.pk]), follow=True)
    again = client.post(reverse("matches:drop", args=[draft.pk]), follow=True)

    assert "dropped" in response.content.decode()
    assert "already dropped" in again.content.decode()
    assert not Match.objects.filter(pk=draft.pk).exists()
    assert 'Suggestions<span class="visually-hidden"> for Bo Mentee' in response.content.decode()


def test_publishing_a_draft_whose_mentor_filled_up_fails_and_changes_nothing(
    client, coordinator, program, django_capture_on_commit_callbacks
):
    mentors, mentees = program
    MatchFactory(mentor=mentors[0].user, mentee=ProfileFactory().user)  # Morgan's only place, taken meanwhile
    draft = Match.objects.create(mentor=mentors[0].user, mentee=mentees[0].user, status=MatchStatus.PROPOSED)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matches:publish", args=[draft.pk]), follow=True)

    assert "Not published: Morgan Mentor is full: 1 of 1 places taken." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == MatchStatus.PROPOSED
    assert mail.outbox == []


def test_a_mentee_matched_meanwhile_cannot_get_a_second_match(program, coordinator):
    mentors, mentees = program
    Match.objects.create(mentor=mentors[0].user, mentee=mentees[0].user, status=MatchStatus.ACTIVE)

    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(mentor=mentors[1].user, mentee=mentees[0].user, status=MatchStatus.PROPOSED)


def test_a_mentee_matched_meanwhile_is_refused_with_a_message(client, coordinator, program):
    mentors, mentees = program
    Match.objects.create(mentor=mentors[0].user, mentee=mentees[0].user, status=MatchStatus.PROPOSED)
    client.force_login(coordinator)

    response = client.post(
        reverse("matches:suggestions", args=[mentees[0].user_id]), {"mentor": mentors[1].user_id}, follow=True
    )

    assert "already has a proposed or active match" in response.content.decode()
    assert Match.objects.count() == 1


def test_publishing_twice_is_a_no_op(coordinator, program, django_capture_on_commit_callbacks):
    mentors, mentees = program
    draft = Match.objects.create(mentor=mentors[1].user, mentee=mentees[1].user)

    with django_capture_on_commit_callbacks(execute=True):
        assert match_publish(match=draft, by=coordinator) is True
        assert match_publish(match=draft, by=coordinator) is False

    assert len(mail.outbox) == 2
    assert MatchEvent.objects.filter(match=draft, to_status=MatchStatus.ACTIVE).count() == 1


def test_nobody_is_matched_with_themself_or_with_another_mentor(client, coordinator, program):
    mentors, mentees = program
    client.force_login(coordinator)

    # A mentor's own page as "mentee" does not exist, and a mentee cannot be offered as mentor.
    assert client.get(reverse("matches:suggestions", args=[mentors[0].user_id])).status_code == 404
    response = client.post(reverse("matches:suggestions", args=[mentees[0].user_id]), {"mentor": mentees[1].user_id})
    assert "Select a valid choice." in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        Match.objects.create(mentor=mentors[0].user, mentee=mentors[0].user)
    assert not Match.objects.exists()


def test_closing_keeps_the_history_and_a_misfit_returns_first_in_line(
    client, coordinator, program, django_capture_on_commit_callbacks, propose_all
):
    mentors, mentees = program
    ProfileFactory(user__name="Cleo Newcomer")  # a newcomer: waits behind the re-matched mentee
    match = Match.objects.create(mentor=mentors[0].user, mentee=mentees[1].user)
    with django_capture_on_commit_callbacks(execute=True):
        match_publish(match=match, by=coordinator)
    client.force_login(coordinator)

    response = client.post(
        reverse("endings:close", args=[match.pk]),
        {"reason": "not_a_fit", "note": "Different expectations."},
        follow=True,
    )

    assert "The partnership is closed." in response.content.decode()
    events = list(match.events.values_list("from_status", "to_status", "reason", "actor"))
    assert events == [
        ("proposed", "active", "", coordinator.pk),
        ("active", "closed", "not_a_fit", coordinator.pk),
    ]
    body = client.get(reverse("matches:workspace")).content.decode()
    assert body.index("Bo Mentee") < body.index("Amira Mentee") < body.index("Cleo Newcomer")
    assert "Re-matching" in body
    # The bulk proposal never pairs them again.
    propose_all(0, follow=False)
    assert not Match.objects.proposed().filter(mentee=mentees[1].user, mentor=mentors[0].user).exists()
    assert Match.objects.proposed().filter(mentee=mentees[1].user).exists()


def test_closing_needs_a_reason_and_twice_is_a_no_op(client, coordinator, program):
    mentors, mentees = program
    match = MatchFactory(mentor=mentors[0].user, mentee=mentees[0].user)
    client.force_login(coordinator)

    response = client.post(reverse("endings:close", args=[match.pk]), {"reason": "bored"}, follow=True)
    assert "Please choose why the partnership ends." in response.content.decode()
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE

    assert match_close(match=match, by=coordinator, reason=CloseReason.COMPLETED) is True
    assert match_close(match=match, by=coordinator, reason=CloseReason.COMPLETED) is False


def test_a_partner_sees_the_other_on_my_match_and_nobody_else_does(client, program):
    mentors, mentees = program
    match = MatchFactory(mentor=mentors[0].user, mentee=mentees[0].user)
    draft = Match.objects.create(mentor=mentors[1].user, mentee=mentees[1].user)

    client.force_login(mentees[0].user)
    body = client.get(reverse("my_match")).content.decode()
    assert "Morgan Mentor" in body
    assert "morgan@example.org" in body
    assert "Next steps" in body
    client.force_login(mentors[0].user)
    assert "Amira Mentee" in client.get(reverse("my_match")).content.decode()

    # Another match's people, and the people of an unpublished draft, get 404 on the match page.
    client.force_login(mentees[1].user)
    assert "Morgan Mentor" not in client.get(reverse("my_match")).content.decode()
    for url in (
        reverse("matches:detail", args=[match.pk]),
        reverse("dashboard:match", args=[match.pk]),
        reverse("matches:detail", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404
    client.force_login(mentees[0].user)
    assert client.get(reverse("matches:detail", args=[match.pk])).url == reverse("my_match")
    assert client.get(reverse("dashboard:match", args=[match.pk])).status_code == 404


def test_coordinator_match_pages_are_not_found_for_participants(client, program):
    mentors, mentees = program
    match = MatchFactory(mentor=mentors[0].user, mentee=mentees[0].user)
    urls = [
        ("get", reverse("matches:workspace")),
        ("get", reverse("matches:suggestions", args=[mentees[1].user_id])),
        ("post", reverse("matches:propose_bulk")),
        ("post", reverse("matches:publish_all")),
        ("post", reverse("matches:publish", args=[match.pk])),
        ("post", reverse("matches:drop", args=[match.pk])),
    ]
    for person in (mentors[0].user, mentees[0].user):
        client.force_login(person)
        for method, url in urls:
            assert getattr(client, method)(url, {"reason": "completed", "min_score": 0}).status_code == 404, url
    match.refresh_from_db()
    assert match.status == MatchStatus.ACTIVE
    assert not Match.objects.proposed().exists()


def test_pending_people_have_no_match_page(client):
    profile = ProfileFactory(status=Status.PENDING)
    client.force_login(profile.user)

    assert client.get(reverse("my_match")).status_code == 404


def test_the_introduction_names_the_topics_in_plain_words(coordinator, program, django_capture_on_commit_callbacks):
    mentors, mentees = program
    match = Match.objects.create(mentor=mentors[0].user, mentee=mentees[0].user)

    with django_capture_on_commit_callbacks(execute=True):
        match_publish(match=match, by=coordinator)

    to_mentee = only_email_to("amira@example.org")
    to_mentor = only_email_to("morgan@example.org")
    assert "Expertise: Networking, Workplace culture" in to_mentee.body
    assert "Would value input on: Networking" in to_mentor.body
    assert "QuerySet" not in to_mentee.body + to_mentor.body


def test_the_workspace_lists_a_large_program_a_page_at_a_time(client, coordinator, django_assert_max_num_queries):
    for i in range(30):
        ProfileFactory(user__name=f"Waiting {i:02}", status=Status.APPROVED)
    ProfileFactory(mentor=True, status=Status.APPROVED)
    client.force_login(coordinator)

    with django_assert_max_num_queries(25):
        first = client.get(reverse("matches:workspace")).content.decode()
    second = client.get(reverse("matches:workspace"), {"waiting_page": "2"}).content.decode()

    assert "30 mentees to match · 1 mentor with free places" in first
    assert "Page 1 of 2" in first
    assert "waiting_page=2" in first
    assert "Waiting 29" not in first
    assert "Waiting 29" in second
    assert "Waiting 00" not in second
