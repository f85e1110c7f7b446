"""M1: every score is explained, and the bulk matrix agrees with the per-pair score."""

import random

from matches import scoring
from matches.scoring import Mentee, Mentor, score_matrix, score_pair

NAMES = {1: "Networking", 2: "Workplace culture", 3: "Certification"}


def mentor(**changes):
    base = dict(id=10, discipline=1, expertise=frozenset({1, 2}), channels=frozenset({"in_person", "video"}),
                city="Edmonton", languages=frozenset({"english"}), frequency="monthly", capacity=2, active=0)
    return Mentor(**{**base, **changes})


def mentee(**changes):
    base = dict(id=20, discipline=1, wanted=frozenset({1, 2}), channels=frozenset({"in_person", "video"}),
                city=" edmonton ", languages=frozenset({"english", "arabic"}), frequency="monthly")
    return Mentee(**{**base, **changes})


def test_a_perfect_pair_scores_100_and_every_criterion_says_why():
    result = score_pair(mentor(), mentee(), NAMES)

    assert result.total == 100
    reasons = {r.label: r for r in result.reasons}
    assert list(reasons) == ["Discipline", "Expertise", "Ways to communicate", "City", "Language",
                             "Meeting frequency", "Free places"]
    assert reasons["Expertise"].detail == "Covers 2 of 2 wanted: Networking, Workplace culture"
    assert reasons["Language"].detail == "English"
    assert sum(r.weight for r in result.reasons) == 100


def test_the_city_counts_only_when_both_meet_in_person():
    result = score_pair(mentor(), mentee(channels=frozenset({"video"})), NAMES)

    city = next(r for r in result.reasons if r.label == "City")
    assert city.points == 0
    assert city.detail == "Same city, but not both meet in person"


def test_partial_fits_earn_partial_points():
    result = score_pair(
        mentor(discipline=2, active=1, frequency="weekly", channels=frozenset({"video", "phone"})),
        mentee(wanted=frozenset({1, 3}), languages=frozenset({"french"}), frequency="fortnightly",
               channels=frozenset({"video", "email"})),
        NAMES,
    )

    points = {r.label: r.points for r in result.reasons}
    assert points == {"Discipline": 0, "Expertise": 12.5, "Ways to communicate": 7.5, "City": 0,
                      "Language": 0, "Meeting frequency": 5.0, "Free places": 2.5}
    assert result.total == 28


def test_the_matrix_equals_the_per_pair_scores_on_random_programs():
    rng = random.Random(7)
    channels = ["in_person", "video", "phone", "email", "text"]
    cities = ["Edmonton", "Calgary", "edmonton ", ""]
    languages = ["english", "french", "arabic"]
    mentors = [
        Mentor(id=i, discipline=rng.randint(1, 3), expertise=frozenset(rng.sample(range(8), rng.randint(0, 4))),
               channels=frozenset(rng.sample(channels, rng.randint(1, 3))), city=rng.choice(cities),
               languages=frozenset(rng.sample(languages, rng.randint(1, 2))),
               frequency=rng.choice(scoring.FREQUENCY_ORDER), capacity=rng.randint(1, 3), active=rng.randint(0, 2))
        for i in range(40)
    ]
    mentees = [
        Mentee(id=100 + i, discipline=rng.randint(1, 3), wanted=frozenset(rng.sample(range(8), rng.randint(0, 3))),
               channels=frozenset(rng.sample(channels, rng.randint(1, 3))), city=rng.choice(cities),
               languages=frozenset(rng.sample(languages, rng.randint(1, 2))),
               frequency=rng.choice(scoring.FREQUENCY_ORDER))
        for i in range(60)
    ]

    matrix = score_matrix(mentors, mentees)

    for i, e in enumerate(mentees):
        for j, o in enumerate(mentors):
            assert matrix[i, j] == score_pair(o, e).total, (e, o)
