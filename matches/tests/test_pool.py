"""The mentors the suggestions page keeps between requests (matches/pool.py): the same suggestions, in the same
order with the same scores, as scoring every mentor with a free place one by one; and fresh after every kind of
write that changes them."""

import random

import pytest
from django.urls import reverse

from endings.services import mentor_availability_set
from matches import selectors
from matches.models import CloseReason, Match, MatchStatus, NotAgain
from matches.services import match_close, match_propose, match_publish
from profiles.models import Profile, User
from profiles.tests.factories import DisciplineFactory, ProfileFactory, TopicFactory

from .factories import MatchFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["English", "French", "Spanish", "Arabic"]
CHANNELS = ["in_person", "video", "phone", "email"]
SLOTS = ["weekday_mornings", "weekday_daytime", "weekday_evenings", "weekends"]
CITIES = ["Edmonton", "Calgary", "edmonton ", ""]
FREQUENCIES = ["weekly", "fortnightly", "monthly", "bimonthly"]


def _some(rng, items, at_least=1):
    return rng.sample(items, rng.randint(at_least, len(items)))


@pytest.fixture
def program():
    """Mentors of every sort (some full, some closed to mentees, some sharing names and scores) and mentees."""
    rng = random.Random(7)
    topics = [TopicFactory(name=f"Topic {i}") for i in range(6)]
    topics[0].workplace_culture = True
    topics[0].save()
    disciplines = [DisciplineFactory(name=name) for name in ("Geomatics", "Surveying")]
    mentors = []
    for i in range(40):
        profile = ProfileFactory(
            mentor=True,
            user__name=f"Mentor {i % 25:02d}",  # equal names: the tie is broken by the order read
            discipline=rng.choice(disciplines),
            languages=_some(rng, LANGUAGES),
            channels=_some(rng, CHANNELS),
            city=rng.choice(CITIES),
            meeting_frequency=rng.choice(FREQUENCIES),
            availability_slots=_some(rng, SLOTS, 0),
            contact_time_slots=_some(rng, SLOTS, 0),
            years_experience=rng.choice([0, 2, 3, 5, 10, 20]),
            capacity=rng.choice([1, 2, 3]),
            open_to_mentees=rng.random() > 0.1,
        )
        profile.expertise.set(_some(rng, topics, 0))
        mentors.append(profile)
    mentees = []
    for i in range(6):
        profile = ProfileFactory(
            user__name=f"Mentee {i}",
            discipline=rng.choice(disciplines),
            languages=_some(rng, LANGUAGES),
            channels=_some(rng, CHANNELS),
            city=rng.choice(CITIES),
            meeting_frequency=rng.choice(FREQUENCIES),
            availability_slots=_some(rng, SLOTS, 0),
            contact_time_slots=_some(rng, SLOTS, 0),
            category=rng.choice(["student", "junior", "international"]),
        )
        profile.focus_areas.set(_some(rng, topics, 0))
        mentees.append(profile)
    for mentor in rng.sample(mentors, 12):  # places taken by other mentees' matches
        MatchFactory(mentor=mentor.user, status=rng.choice([MatchStatus.ACTIVE, MatchStatus.PROPOSED]))
    first = mentees[0].user
    MatchFactory(mentor=mentors[1].user, mentee=first, status=MatchStatus.CLOSED, close_reason=CloseReason.COMPLETED)
    MatchFactory(mentor=mentors[2].user, mentee=first, status=MatchStatus.CLOSED, close_reason=CloseReason.NOT_A_FIT)
    NotAgain.objects.create(mentee=first, mentor=mentors[3].user)
    return mentors, mentees, topics


def straightforward(mentee_profile: Profile, limit: int, discipline_required: bool = False):
    """Every mentor with a free place read as a profile and scored one by one with ``score_pair``."""
    mentee = selectors.mentee_data(mentee_profile)
    user = mentee_profile.user
    forbidden = set(NotAgain.objects.filter(mentee=user).values_list("mentor_id", flat=True)) | set(
        Match.objects.filter(mentee=user, close_reason=CloseReason.NOT_A_FIT).values_list("mentor_id", flat=True)
    )
    before = set(Match.objects.filter(mentee=user, status=MatchStatus.CLOSED).values_list("mentor_id", flat=True))
    allowed, excluded, never, former = [], [], [], []
    for profile in selectors.mentors_with_load():
        if profile.capacity <= profile.taken or profile.user_id == user.pk:
            continue
        mentor = selectors.mentor_data(profile)
        score = selectors.scoring.score_pair(mentor, mentee, discipline_required=discipline_required)
        if profile.user_id in forbidden:
            never.append(profile.user.name)
        elif profile.user_id in before:
            former.append(profile.user.name)
        elif score.allowed:
            share = (profile.capacity - profile.taken) / profile.capacity
            allowed.append(((-score.total, -share, profile.user.name), profile.user_id, score.total))
        else:
            excluded.append(((-score.total, profile.user.name), profile.user_id, score.total))
    allowed.sort(key=lambda item: item[0])
    excluded.sort(key=lambda item: item[0])
    return (
        [(pk, total) for _, pk, total in allowed[:limit]],
        [(pk, total) for _, pk, total in excluded[:limit]],
        sorted(never),
        sorted(former),
    )


def kept(mentee_profile: Profile, limit: int, discipline_required: bool = False):
    found = selectors.suggestions_for(mentee_profile, limit, discipline_required=discipline_required)
    return (
        [(p.user_id, s.total) for p, s in found.allowed],
        [(p.user_id, s.total) for p, s in found.excluded],
        [p.user.name for p in found.not_again],
        [p.user.name for p in found.former],
    )


def _same(mentee_profile: Profile, limit: int = 40, discipline_required: bool = False):
    profile = Profile.objects.select_related("user").get(pk=mentee_profile.pk)  # read afresh, as the page does
    assert kept(profile, limit, discipline_required) == straightforward(profile, limit, discipline_required)


@pytest.mark.parametrize("limit", [1, 5, 40])
@pytest.mark.parametrize("discipline_required", [False, True])
def test_the_kept_mentors_suggest_what_scoring_each_one_does(program, limit, discipline_required):
    _mentors, mentees, _topics = program
    for mentee in mentees:
        _same(mentee, limit, discipline_required)
    assert straightforward(mentees[0], 40)[2:] == (["Mentor 02", "Mentor 03"], ["Mentor 01"]), (
        "the program has both kinds"
    )


def test_a_mentee_naming_what_no_mentor_has_is_scored_all_the_same(program):
    _mentors, mentees, _topics = program
    selectors.suggestions_for(mentees[1])  # the mentors kept first
    Profile.objects.filter(pk=mentees[1].pk).update(languages=["English", "Klingon"], city="Nowhere")
    mentees[1].focus_areas.add(TopicFactory(name="Wanted by her alone"))
    _same(mentees[1])


def test_the_kept_mentors_follow_every_write_that_changes_them(program, coordinator):
    mentors, mentees, topics = program
    mentee = mentees[4]
    _same(mentee)  # kept now

    changes = [
        lambda: mentors[5].expertise.set(topics[:3]),
        lambda: mentors[6].expertise.clear(),
        lambda: Profile.objects.get(pk=mentors[7].pk).save(),  # any saved profile (here a no-op save)
        lambda: _save(mentors[8], capacity=3, languages=["Arabic"], city="Calgary"),
        lambda: _save(mentors[9], status="waitlisted"),
        lambda: _rename(mentors[10].user, "Aaron First"),
        lambda: _save(topics[1], workplace_culture=True),
        lambda: mentor_availability_set(mentor=mentors[11].user, open_to_mentees=False),
        lambda: match_propose(
            mentee=mentees[5].user, mentor=_free_mentor(mentee).user, by=coordinator, despite_requirements=True
        ),
        lambda: Match.objects.filter(status=MatchStatus.PROPOSED).first().delete(),
        lambda: match_close(
            match=Match.objects.filter(status=MatchStatus.ACTIVE).order_by("pk")[0], by=coordinator, reason="completed"
        ),
        lambda: ProfileFactory(mentor=True, user__name="Zoe New", languages=["English"], channels=["video"]),
        lambda: User.objects.get(name="Zoe New").delete(),
    ]
    for change in changes:
        change()
        _same(mentee)


def test_a_login_leaves_the_kept_mentors_as_they_are(program, client):
    mentors, mentees, _topics = program
    selectors.suggestions_for(mentees[0])
    from matches import pool

    kept_before = pool.mentor_pool(selectors._mentors_as_data)
    client.force_login(mentors[0].user)
    User.objects.get(pk=mentors[0].user_id).save(update_fields=["last_login"])
    assert pool.mentor_pool(selectors._mentors_as_data) is kept_before


def _save(obj, **fields):
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save()


def _rename(user, name):
    user.name = name
    user.save(update_fields=["name"])


def _free_mentor(mentee_profile):
    found = selectors.suggestions_for(Profile.objects.select_related("user").get(pk=mentee_profile.pk))
    return (found.allowed or found.excluded)[0][0]


def test_the_workspace_lists_the_kept_mentors_and_mentees_as_the_program_has_them(program, client, coordinator):
    mentors, mentees, _topics = program

    def same():
        kept_free = selectors.mentors_free_kept()
        assert [(p.pk, p.taken) for p in kept_free[0 : len(kept_free)]] == [
            (p.pk, p.taken) for p in selectors.mentors_with_free_places()
        ]
        kept_waiting = selectors.waiting_kept()
        assert [(p.pk, p.rematching) for p in kept_waiting[0 : len(kept_waiting)]] == [
            (p.pk, p.rematching) for p in selectors.waiting_mentees()
        ]
        active = Match.objects.filter(status=MatchStatus.ACTIVE)
        assert selectors.active_count_kept() == active.count()
        assert len(selectors.drafts_kept()) == Match.objects.filter(status=MatchStatus.PROPOSED).count()
        assert [(m.pk, m.mentee__name, m.mentor__name) for m in selectors.recently_started_kept(limit=5)] == [
            (m.pk, m.mentee.name, m.mentor.name) for m in selectors.recently_started(limit=5)
        ]
        # The plans list's order of active matches: by the mentee's name, then the match.
        assert [m.pk for m in selectors.active_by_mentee_name_kept(active)] == list(
            active.order_by("mentee__name", "pk").values_list("pk", flat=True)
        )

    same()
    proposed = match_propose(
        mentee=mentees[0].user, mentor=_free_mentor(mentees[0]).user, by=coordinator, despite_requirements=True
    )
    same()
    match_publish(match=proposed, by=coordinator)
    same()
    _rename(Match.objects.filter(status=MatchStatus.ACTIVE).order_by("-pk")[0].mentee, "Aaron First")
    same()
    match_close(
        match=Match.objects.filter(status=MatchStatus.ACTIVE).order_by("pk")[0], by=coordinator, reason="not_a_fit"
    )
    same()
    _save(mentors[20], capacity=1)
    same()

    client.force_login(coordinator)
    page = client.get(reverse("matches:workspace"), {"mentors_page": 2}).content.decode()
    free = [p.user.name for p in selectors.mentors_with_free_places()]
    assert f"{len(free)} mentors with free places" in page
    assert free[24] in page.split('id="mentors-title"')[1], "the second page begins with the 25th"


def test_the_workspace_is_right_right_after_each_write(program, client, coordinator):
    """The counts and the recently started matches it keeps under the token follow a proposal, a publication and
    a renaming at once."""
    _mentors, mentees, _topics = program
    client.force_login(coordinator)

    def page() -> str:
        return client.get(reverse("matches:workspace")).content.decode()

    def drafts_badge(body: str) -> str:
        return body.split('id="drafts-title"')[1].split("</h2>")[0]

    before = page()
    drafts = Match.objects.filter(status=MatchStatus.PROPOSED).count()
    assert f'<span class="badge text-bg-secondary">{drafts}</span>' in drafts_badge(before)
    proposed = match_propose(
        mentee=mentees[1].user, mentor=_free_mentor(mentees[1]).user, by=coordinator, despite_requirements=True
    )
    assert f'<span class="badge text-bg-secondary">{drafts + 1}</span>' in drafts_badge(page())
    match_publish(match=proposed, by=coordinator)
    published = page()
    assert f'<span class="badge text-bg-secondary">{drafts}</span>' in drafts_badge(published)
    recent = published.split('id="active-title"')[1]
    assert f"/{proposed.pk}/" in recent.split("</li>")[0], "the match just started comes first"
    _rename(proposed.mentee, "Renamed <Mentee>")
    assert "Renamed &lt;Mentee&gt; with" in page().split('id="active-title"')[1].split("</li>")[0]
