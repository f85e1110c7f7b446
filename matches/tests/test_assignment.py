"""M3: the bulk proposal is the exact optimum of the full objective, checked against brute force on small programs.

The objective, in order: re-matchers matched, mentees matched, total score, days waited by those matched.
"""

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matches.assignment import best_assignment
from matches.scoring import EXCLUDED


def objective(pairs, scores, rematching, waited):
    return (
        sum(1 for i, _ in pairs if rematching[i]),
        len(pairs),
        sum(int(scores[i, j]) for i, j in pairs),
        sum(waited[i] for i, _ in pairs),
    )


def brute_force_best(scores, free, forbidden, min_score, rematching, waited):
    n_mentees, n_mentors = scores.shape
    best = (0, 0, 0, 0)
    # Each mentee goes to one mentor or to nobody (None).
    for choice in itertools.product([None, *range(n_mentors)], repeat=n_mentees):
        pairs = [(i, j) for i, j in enumerate(choice) if j is not None]
        if any((i, j) in forbidden or scores[i, j] == EXCLUDED or scores[i, j] < min_score for i, j in pairs):
            continue
        if any(sum(1 for _, j in pairs if j == mentor) > free[mentor] for mentor in range(n_mentors)):
            continue
        best = max(best, objective(pairs, scores, rematching, waited))
    return best


@st.composite
def programs(draw):
    n_mentees = draw(st.integers(0, 5))
    n_mentors = draw(st.integers(0, 3))
    cell = st.one_of(st.integers(0, 100), st.just(EXCLUDED))
    scores = np.array([[draw(cell) for _ in range(n_mentors)] for _ in range(n_mentees)], dtype=np.int8).reshape(
        n_mentees, n_mentors
    )
    free = [draw(st.integers(0, 3)) for _ in range(n_mentors)]
    pairs = [(i, j) for i in range(n_mentees) for j in range(n_mentors)]
    forbidden = set(draw(st.lists(st.sampled_from(pairs), max_size=4))) if pairs else set()
    min_score = draw(st.integers(0, 60))
    rematching = [draw(st.booleans()) for _ in range(n_mentees)]
    waited = [draw(st.integers(0, 400)) for _ in range(n_mentees)]
    return scores, free, forbidden, min_score, rematching, waited


def check(program, candidates):
    scores, free, forbidden, min_score, rematching, waited = program

    pairs = best_assignment(
        scores,
        free,
        forbidden=forbidden,
        min_score=min_score,
        rematching=rematching,
        waited_days=waited,
        candidates=candidates,
    )

    mentees = [i for i, _ in pairs]
    assert len(mentees) == len(set(mentees)), "a mentee was proposed twice"
    for j in range(scores.shape[1] if scores.size else 0):
        assert sum(1 for _, m in pairs if m == j) <= free[j], "a mentor got more than their free places"
    for pair in pairs:
        assert pair not in forbidden
        assert scores[pair] != EXCLUDED
        assert scores[pair] >= max(min_score, 1)
    assert objective(pairs, scores, rematching, waited) == brute_force_best(
        scores, free, forbidden, max(min_score, 1), rematching, waited
    )


@settings(max_examples=300, deadline=None)
@given(programs())
def test_bulk_assignment_is_the_optimum_of_priority_then_count_then_total_then_waiting(program):
    check(program, candidates=64)  # small programs: every allowed pair goes to the solver at once


@settings(max_examples=300, deadline=None)
@given(programs())
def test_starting_from_one_candidate_a_mentee_the_certificate_still_reaches_the_optimum(program):
    check(program, candidates=1)  # rounds of adding the pairs the potentials show could help


def test_a_mentor_with_one_place_goes_to_the_mentee_it_suits_best():
    scores = np.array([[50, 40], [90, 10]])

    assert best_assignment(scores, [1, 1]) == [(0, 1), (1, 0)]


def test_nobody_is_proposed_below_the_minimum_or_to_a_full_mentor():
    scores = np.array([[30, 80], [20, 80]])

    assert best_assignment(scores, [1, 0], min_score=40) == []


def test_a_re_matcher_keeps_the_only_place_from_a_better_scoring_newcomer():
    scores = np.array([[65], [90]])  # the re-matcher scores 65, the newcomer 90

    assert best_assignment(scores, [1], rematching=[True, False], min_score=40) == [(0, 0)]


def test_both_mentees_are_matched_rather_than_one_for_a_higher_score():
    # Mentee 0 fits mentor 0 perfectly (100) and mentor 1 at 45; mentee 1 fits only mentor 0 (45).
    scores = np.array([[100, 45], [45, EXCLUDED]])

    pairs = best_assignment(scores, [1, 1], min_score=40)

    assert pairs == [(0, 1), (1, 0)], "two matched for 90 beat one matched for 100"


def test_equal_scores_go_to_the_mentee_who_waited_longest():
    scores = np.array([[70], [70], [70]])

    assert best_assignment(scores, [1], waited_days=[10, 200, 30]) == [(1, 0)]


def test_an_excluded_pair_is_never_proposed_whatever_the_minimum():
    scores = np.array([[EXCLUDED, 50]])

    assert best_assignment(scores, [1, 0], min_score=0) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_a_larger_program_from_few_candidates_equals_the_one_from_every_pair(seed):
    rng = np.random.default_rng(seed)
    scores = rng.integers(20, 101, size=(120, 40)).astype(np.int8)
    scores[rng.random(scores.shape) < 0.3] = EXCLUDED
    free = rng.integers(0, 4, size=40)
    rematching = rng.random(120) < 0.1
    waited = rng.integers(0, 300, size=120)
    kwargs: dict[str, Any] = dict(min_score=40, rematching=rematching, waited_days=waited)

    few = best_assignment(scores, free, candidates=2, **kwargs)
    every = best_assignment(scores, free, candidates=10_000, **kwargs)

    assert objective(few, scores, rematching, waited) == objective(every, scores, rematching, waited)
