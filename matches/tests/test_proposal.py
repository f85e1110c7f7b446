"""M3, M6, M7 through the coordinator's pages and the bulk service.

Who comes first, what is never proposed, and progress.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from matches import scoring, selectors
from matches.models import CloseReason, Match, MatchEvent, MatchStatus, ProposalRun, RunStatus
from matches.services import matches_propose_bulk, proposal_run
from profiles.models import ProgramSettings
from profiles.tests.factories import DisciplineFactory, ProfileFactory, TopicFactory

from .factories import MatchFactory

pytestmark = pytest.mark.django_db


def person(**fields):
    base = dict(
        channels=["video", "email"],
        languages=["English"],
        city="Edmonton",
        meeting_frequency="monthly",
        availability_slots=["weekday_evenings"],
        contact_time_slots=["weekday_evenings"],
    )
    return ProfileFactory(**{**base, **fields})


def propose(client, capture, min_score=40):
    with capture(execute=True):
        response = client.post(reverse("matches:propose_bulk"), {"min_score": min_score})
    return client.get(response.url, follow=True)


def test_a_re_matcher_keeps_the_only_place_from_a_newcomer_who_scores_higher(
    client, coordinator, django_capture_on_commit_callbacks
):
    networking = TopicFactory(name="Networking")
    mentor = person(mentor=True, capacity=1, user__name="Morgan Mentor")
    mentor.expertise.set([networking])
    rematcher = person(user__name="Rae Rematcher", discipline=DisciplineFactory(name="Geomatics"))
    newcomer = person(user__name="Nia Newcomer")
    newcomer.focus_areas.set([networking])
    earlier = MatchFactory(
        mentee=rematcher.user,
        mentor=person(mentor=True).user,
        status=MatchStatus.CLOSED,
        close_reason=CloseReason.NOT_A_FIT,
    )
    # The newcomer would score higher with Morgan (expertise meets her focus area).
    morgan = selectors.mentor_data(selectors.mentors_with_load().get(user=mentor.user))
    assert (
        scoring.score_pair(morgan, selectors.mentee_data(newcomer)).total
        > scoring.score_pair(morgan, selectors.mentee_data(rematcher)).total
    )
    # The earlier mentor is full now, so only Morgan has a place.
    MatchFactory(mentor=earlier.mentor, mentee=person().user)
    MatchFactory(mentor=earlier.mentor, mentee=person().user)
    client.force_login(coordinator)

    response = propose(client, django_capture_on_commit_callbacks)

    draft = Match.objects.proposed().get()
    assert (draft.mentee, draft.mentor) == (rematcher.user, mentor.user)
    assert "1 draft match proposed, 1 of them for mentees re-matching" in response.content.decode()


def test_no_common_language_is_never_proposed_in_bulk(client, coordinator, django_capture_on_commit_callbacks):
    person(mentor=True, languages=["French"], user__name="Fleur Mentor")
    person(languages=["English"], user__name="Eli Mentee")
    client.force_login(coordinator)

    response = propose(client, django_capture_on_commit_callbacks, min_score=0)

    assert not Match.objects.exists()
    assert "No pair reached the lowest score and met the requirements" in response.content.decode()


def test_an_excluded_pair_is_shown_apart_and_can_be_matched_by_hand_after_a_warning(client, coordinator):
    mentor = person(mentor=True, languages=["French"], user__name="Fleur Mentor")
    mentee = person(languages=["English"], user__name="Eli Mentee")
    client.force_login(coordinator)
    url = reverse("matches:suggestions", args=[mentee.user_id])

    page = client.get(url).content.decode()
    assert "Excluded by a requirement" in page
    assert "Excluded:</span> No language in common." in page
    assert page.index("Excluded by a requirement") < page.index("Fleur Mentor")

    warned = client.post(url, {"mentor": mentor.user_id}).content.decode()
    assert "do not meet the program&#x27;s requirements" in warned
    assert "Yes, propose Fleur Mentor anyway" in warned
    assert not Match.objects.exists()

    response = client.post(url, {"mentor": mentor.user_id, "confirm": "True"}, follow=True)
    assert "Draft match proposed for Eli Mentee" in response.content.decode()
    match = Match.objects.get()
    assert (match.mentee, match.mentor, match.status) == (mentee.user, mentor.user, MatchStatus.PROPOSED)
    assert MatchEvent.objects.get(match=match).note == "Proposed by hand although: No language in common."


def test_discipline_becomes_a_requirement_when_the_program_says_so(
    client, coordinator, django_capture_on_commit_callbacks
):
    person(mentor=True, discipline=DisciplineFactory(name="Geomatics"))
    person(discipline=DisciplineFactory(name="Chemical technology"))
    client.force_login(coordinator)
    ProgramSettings.objects.filter(pk=ProgramSettings.load().pk).update(discipline_required=True)

    propose(client, django_capture_on_commit_callbacks, min_score=0)
    assert not Match.objects.exists()

    ProgramSettings.objects.update(discipline_required=False)
    propose(client, django_capture_on_commit_callbacks, min_score=0)
    assert Match.objects.proposed().count() == 1


def test_free_places_never_cause_a_proposal(coordinator):
    # Nothing in common but a language and a way to talk: a low score, however many places are free.
    mentor = person(
        mentor=True,
        capacity=10,
        discipline=DisciplineFactory(name="Geomatics"),
        city="Calgary",
        meeting_frequency="weekly",
        availability_slots=["weekends"],
        contact_time_slots=["weekends"],
        years_experience=1,
    )
    mentee = person(
        discipline=DisciplineFactory(name="Chemical technology"),
        meeting_frequency="bimonthly",
        category="international",
    )
    result = scoring.score_pair(
        selectors.mentor_data(selectors.mentors_with_load().get(user=mentor.user)), selectors.mentee_data(mentee)
    )
    assert result.allowed, result
    assert result.total < 15, result

    proposal = matches_propose_bulk(by=coordinator, min_score=result.total + 1)

    assert proposal.created == 0
    assert proposal.unplaced == 1
    assert matches_propose_bulk(by=coordinator, min_score=result.total).matches().get().mentor == mentor.user


def test_the_bulk_proposal_writes_each_draft_with_its_reasons_and_history(coordinator):
    mentors = [person(mentor=True, capacity=2) for _ in range(2)]
    mentees = [person() for _ in range(3)]

    proposal = matches_propose_bulk(by=coordinator, min_score=0)

    assert proposal.created == 3
    assert proposal.unplaced == 0
    for match in Match.objects.proposed():
        assert match.mentor in {m.user for m in mentors}
        assert match.mentee in {m.user for m in mentees}
        assert [r["label"] for r in match.reasons][:2] == ["Discipline", "Expertise"]
        assert list(match.events.values_list("to_status", "note", "actor")) == [
            ("proposed", "Bulk proposal", coordinator.pk)
        ]


def test_a_running_proposal_shows_its_progress_and_refreshes(client, coordinator):
    run = ProposalRun.objects.create(
        created_by=coordinator, min_score=40, status=RunStatus.RUNNING, stage="Scoring 8,000,000 pairs"
    )
    client.force_login(coordinator)

    page = client.get(reverse("matches:proposal", args=[run.pk])).content.decode()

    assert "Scoring 8,000,000 pairs…" in page
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'role="status"' in page
    workspace = client.get(reverse("matches:workspace")).content.decode()
    assert "A proposal is running." in workspace


def test_a_failed_proposal_says_so_and_wrote_nothing(client, coordinator):
    run = ProposalRun.objects.create(created_by=coordinator, min_score=40, status=RunStatus.FAILED, error="Boom")
    client.force_login(coordinator)

    page = client.get(reverse("matches:proposal", args=[run.pk])).content.decode()

    assert "stopped before it finished, and no draft was written" in page
    assert "refresh" not in page.split("</head>")[0]
    assert "Boom" not in page


def test_a_retried_task_does_not_propose_twice(coordinator):
    person(mentor=True)
    person()
    run = ProposalRun.objects.create(created_by=coordinator, min_score=0)

    first = proposal_run(run_id=run.pk)
    again = proposal_run(run_id=run.pk)

    assert (first.status, first.proposed, first.waiting) == (RunStatus.DONE, 1, 1)
    assert again is None
    assert Match.objects.count() == 1


def test_a_run_whose_worker_was_lost_is_taken_up_again(coordinator):
    person(mentor=True)
    person()
    lost = ProposalRun.objects.create(
        created_by=coordinator, min_score=0, status=RunStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )
    busy = ProposalRun.objects.create(
        created_by=coordinator, min_score=0, status=RunStatus.RUNNING, started_at=timezone.now()
    )

    assert proposal_run(run_id=busy.pk) is None
    assert proposal_run(run_id=lost.pk).status == RunStatus.DONE
    assert Match.objects.count() == 1


def test_progress_pages_are_not_found_for_participants(client, coordinator):
    run = ProposalRun.objects.create(created_by=coordinator, min_score=40)
    for profile in (person(), person(mentor=True)):
        client.force_login(profile.user)
        assert client.get(reverse("matches:proposal", args=[run.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("matches:proposal", args=[run.pk + 1])).status_code == 404
