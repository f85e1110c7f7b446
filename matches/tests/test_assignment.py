"""M3: the bulk proposal is the best total, checked against brute force on small programs."""

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matches.assignment import best_assignment


def brute_force_best(scores, free, forbidden, min_score):
    n_mentees, n_mentors = scores.shape
    best = 0
    # Each mentee goes to one mentor or to nobody (None).
    for choice in itertools.product([None, *range(n_mentors)], repeat=n_mentees):
        load = [0] * n_mentors
        total, ok = 0, True
        for mentee, mentor in enumerate(choice):
            if mentor is None:
                continue
            if (mentee, mentor) in forbidden or scores[mentee, mentor] < min_score:
                ok = False
                break
            load[mentor] += 1
            total += scores[mentee, mentor]
        if ok and all(load[j] <= free[j] for j in range(n_mentors)):
            best = max(best, total)
    return best


@st.composite
def programs(draw):
    n_mentees = draw(st.integers(0, 5))
    n_mentors = draw(st.integers(0, 3))
    scores = np.array(
        [[draw(st.integers(0, 100)) for _ in range(n_mentors)] for _ in range(n_mentees)], dtype=np.int64
    ).reshape(n_mentees, n_mentors)
    free = [draw(st.integers(0, 3)) for _ in range(n_mentors)]
    pairs = [(i, j) for i in range(n_mentees) for j in range(n_mentors)]
    forbidden = set(draw(st.lists(st.sampled_from(pairs), max_size=4))) if pairs else set()
    min_score = draw(st.integers(0, 60))
    return scores, free, forbidden, min_score


@settings(max_examples=300, deadline=None)
@given(programs())
def test_bulk_assignment_is_optimal_and_respects_every_rule(program):
    scores, free, forbidden, min_score = program

    pairs = best_assignment(scores, free, forbidden=forbidden, min_score=min_score)

    mentees = [i for i, _ in pairs]
    assert len(mentees) == len(set(mentees)), "a mentee was proposed twice"
    for j in range(scores.shape[1] if scores.size else 0):
        assert sum(1 for _, m in pairs if m == j) <= free[j], "a mentor got more than their free places"
    for pair in pairs:
        assert pair not in forbidden
        assert scores[pair] >= max(min_score, 1)
    assert sum(scores[p] for p in pairs) == brute_force_best(scores, free, forbidden, max(min_score, 1))


def test_a_mentor_with_one_place_goes_to_the_mentee_it_suits_best():
    scores = np.array([[50, 40], [90, 10]])

    assert sorted(best_assignment(scores, [1, 1])) == [(0, 1), (1, 0)]


def test_nobody_is_proposed_below_the_minimum_or_to_a_full_mentor():
    scores = np.array([[30, 80], [20, 80]])

    assert best_assignment(scores, [1, 0], min_score=40) == []
