"""M1, M7: requirements before points, every score explained, and the matrix agreeing with the per-pair score."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matches import scoring
from matches.scoring import EXCLUDED, Mentee, Mentor, score_matrix, score_pair
from profiles.models import Channel, MenteeCategory, TimeSlot

NAMES = {1: "Networking", 2: "Workplace culture", 3: "Certification"}


def mentor(**changes):
    base = dict(
        id=10,
        discipline=1,
        expertise=frozenset({1, 2}),
        channels=frozenset({"in_person", "video"}),
        city="Edmonton",
        languages=frozenset({"English"}),
        frequency="monthly",
        availability=frozenset({"weekday_evenings", "weekends"}),
        contact_times=frozenset({"weekday_evenings"}),
        years=12,
        workplace_culture=True,
        capacity=2,
        active=0,
    )
    return Mentor(**{**base, **changes})


def mentee(**changes):
    base = dict(
        id=20,
        discipline=1,
        wanted=frozenset({1, 2}),
        channels=frozenset({"in_person", "video"}),
        city=" edmonton ",
        languages=frozenset({"english", "arabic"}),
        frequency="monthly",
        availability=frozenset({"weekday_evenings", "weekends"}),
        contact_times=frozenset({"weekday_evenings"}),
        category="student",
    )
    return Mentee(**{**base, **changes})


def reasons(result):
    return {r.label: r for r in result.reasons}


def test_a_perfect_pair_scores_100_and_every_criterion_says_why():
    result = score_pair(mentor(), mentee(), NAMES)

    assert result.total == 100
    assert result.allowed
    assert list(reasons(result)) == [
        "Discipline",
        "Expertise",
        "Experience",
        "Ways to communicate",
        "City",
        "Meeting frequency",
        "Meeting times",
        "Contact times",
    ]
    assert reasons(result)["Expertise"].detail == "Covers 2 of 2 wanted: Networking, Workplace culture"
    assert reasons(result)["Experience"].detail == "12 years; 3 or more suit a student"
    assert reasons(result)["Meeting times"].detail == "Both: weekday evenings, weekends"
    assert sum(r.weight for r in result.reasons) == 100


def test_an_internationally_trained_mentee_gets_points_for_workplace_culture_expertise():
    with_culture = score_pair(mentor(), mentee(category="international"), NAMES)
    without = score_pair(mentor(workplace_culture=False), mentee(category="international"), NAMES)

    assert reasons(with_culture)["Workplace culture"].points == 10
    assert reasons(without)["Workplace culture"].points == 0
    assert "helps an internationally trained professional" in reasons(without)["Workplace culture"].detail
    assert sum(r.weight for r in with_culture.reasons) == 100
    assert with_culture.total - without.total == 10
    # Other mentees are not scored on it.
    assert "Workplace culture" not in reasons(score_pair(mentor(), mentee(), NAMES))


def test_experience_is_judged_by_the_mentees_category():
    four_years = mentor(years=4)

    assert reasons(score_pair(four_years, mentee(category="student")))["Experience"].points == 10
    assert reasons(score_pair(four_years, mentee(category="junior")))["Experience"].points == 5
    assert reasons(score_pair(four_years, mentee(category="international")))["Experience"].points == 0


def test_expertise_meets_the_focus_areas_topic_by_topic():
    result = score_pair(mentor(expertise=frozenset({1})), mentee(wanted=frozenset({1, 3})), NAMES)

    assert reasons(result)["Expertise"].points == 12.5
    assert reasons(result)["Expertise"].detail == "Covers 1 of 2 wanted: Networking"


def test_times_that_do_not_overlap_earn_nothing_and_one_shared_time_earns_half():
    result = score_pair(
        mentor(availability=frozenset({"weekday_mornings", "weekends"}), contact_times=frozenset({"weekday_daytime"})),
        mentee(availability=frozenset({"weekday_evenings", "weekends"}), contact_times=frozenset({"weekday_evenings"})),
    )

    assert reasons(result)["Meeting times"].points == 5
    assert reasons(result)["Contact times"].points == 0
    assert reasons(result)["Contact times"].detail == "No time in common"


def test_free_places_are_not_points():
    full = score_pair(mentor(active=1), mentee())
    empty = score_pair(mentor(active=0), mentee())

    assert full.total == empty.total
    assert "Free places" not in reasons(full)


def test_no_common_language_is_excluded_with_the_reason_however_well_they_fit():
    result = score_pair(mentor(languages=frozenset({"French"})), mentee())

    assert not result.allowed
    assert [(r.label, r.detail) for r in result.unmet] == [("Language", "No language in common")]
    assert score_matrix([mentor(languages=frozenset({"French"}))], [mentee()])[0, 0] == EXCLUDED


def test_no_common_way_to_communicate_is_excluded():
    result = score_pair(mentor(channels=frozenset({"phone"})), mentee(channels=frozenset({"email", "video"})))

    assert [r.detail for r in result.unmet] == ["No way to communicate in common"]


def test_someone_who_only_meets_in_person_needs_the_same_city():
    only = frozenset({"in_person"})

    elsewhere = score_pair(mentor(channels=only, city="Calgary"), mentee())
    same = score_pair(mentor(channels=only), mentee())

    assert [r.detail for r in elsewhere.unmet] == ["The mentor only meets in person, and not in the same city"]
    assert same.allowed
    # Where both also meet by video, a different city is no obstacle.
    assert score_pair(mentor(city="Calgary"), mentee()).allowed


def test_discipline_is_a_requirement_only_when_the_program_says_so():
    other = mentor(discipline=2)

    assert score_pair(other, mentee()).allowed
    required = score_pair(other, mentee(), discipline_required=True)
    assert [r.detail for r in required.unmet] == ["Different disciplines; the program requires the same"]
    assert score_matrix([other], [mentee()], discipline_required=True)[0, 0] == EXCLUDED


def test_a_city_of_spaces_is_no_city_in_both_score_functions():
    blank_mentor, blank_mentee = mentor(city="   "), mentee(city="")

    result = score_pair(blank_mentor, blank_mentee)

    assert reasons(result)["City"].points == 0
    assert reasons(result)["City"].detail == "City not given"
    assert score_matrix([blank_mentor], [blank_mentee])[0, 0] == result.total


def test_the_labels_scoring_names_are_the_programs_choices():
    assert set(scoring.CHANNEL_NAMES) == {c.value for c in Channel if c != Channel.OTHER}
    assert set(scoring.SLOT_NAMES) == set(TimeSlot.values)
    assert set(scoring.EXPERIENCE_FOR_CATEGORY) == set(MenteeCategory.values)


# Odd text on purpose: blanks, spaces only, case, accents and symbols.
odd_text = st.one_of(
    st.sampled_from(
        ["", " ", "   ", "Edmonton", " edmonton ", "EDMONTON", "Red  Deer", "red deer", "Zürich", "zürich", "\t"]
    ),
    st.text(max_size=6),
)
languages = st.frozensets(
    st.one_of(st.sampled_from(["English", "english ", " French", "", "  "]), st.text(max_size=4)), max_size=3
)
channels = st.frozensets(st.sampled_from(list(scoring.CHANNEL_NAMES)), max_size=3)
slots = st.frozensets(st.sampled_from(list(scoring.SLOT_NAMES)), max_size=4)
common = dict(
    discipline=st.integers(1, 3),
    channels=channels,
    city=odd_text,
    languages=languages,
    frequency=st.sampled_from([*scoring.FREQUENCY_ORDER, ""]),
    availability=slots,
    contact_times=slots,
)
mentors = st.builds(
    Mentor,
    id=st.integers(1, 10**6),
    expertise=st.frozensets(st.integers(0, 70), max_size=4),
    years=st.one_of(st.none(), st.integers(0, 40)),
    workplace_culture=st.booleans(),
    capacity=st.integers(1, 3),
    **common,
)
mentees = st.builds(
    Mentee,
    id=st.integers(1, 10**6),
    wanted=st.frozensets(st.integers(0, 70), max_size=4),
    category=st.sampled_from([*scoring.EXPERIENCE_FOR_CATEGORY, ""]),
    **common,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(mentors, min_size=1, max_size=6), st.lists(mentees, min_size=1, max_size=6), st.booleans())
def test_the_matrix_equals_the_per_pair_scores_on_any_text(some_mentors, some_mentees, discipline_required):
    matrix = score_matrix(some_mentors, some_mentees, discipline_required=discipline_required, block=4)

    for i, e in enumerate(some_mentees):
        for j, o in enumerate(some_mentors):
            result = score_pair(o, e, discipline_required=discipline_required)
            assert matrix[i, j] == (result.total if result.allowed else EXCLUDED), (e, o, result)
            assert 0 <= result.total <= 100


def test_the_matrix_is_one_byte_a_pair():
    assert score_matrix([mentor()], [mentee(), mentee(id=21)]).dtype == np.int8


def test_many_different_choices_are_scored_without_the_table_and_still_agree():
    # More than ten distinct values for one choice: the per-pair arithmetic instead of the lookup table.
    times = [f"slot {i}" for i in range(12)]
    some_mentors = [mentor(id=i, availability=frozenset(times[i : i + 2])) for i in range(6)]
    some_mentees = [mentee(id=100 + i, availability=frozenset(times[i + 1 : i + 4])) for i in range(6)]

    matrix = score_matrix(some_mentors, some_mentees)

    for i, e in enumerate(some_mentees):
        for j, o in enumerate(some_mentors):
            assert matrix[i, j] == score_pair(o, e).total
