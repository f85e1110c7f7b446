"""The bulk proposal: the assignment of waiting mentees to mentors with the greatest total score.

Pure code. Constraints: a mentor takes at most their free places; a pair that
ended as "not a fit" is never proposed again; no pair below ``min_score``.
Each mentor is expanded into one column per free place and the rectangular
assignment problem is solved exactly with SciPy's ``linear_sum_assignment``.
Pairs that are not allowed get weight 0: since every allowed pair scores at
least ``min_score`` (>= 1), the best full assignment minus its zero-weight
pairs is the best partial one.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment


def best_assignment(
    scores: np.ndarray,
    free: Sequence[int],
    *,
    forbidden: Collection[tuple[int, int]] = (),
    min_score: int = 1,
) -> list[tuple[int, int]]:
    """Return (mentee row, mentor column) pairs maximising the total of ``scores``.

    ``scores[i, j]`` is mentee i with mentor j; ``free[j]`` is mentor j's free places;
    ``forbidden`` holds (row, column) pairs never to propose.
    """
    scores = np.asarray(scores)
    n_mentees, n_mentors = scores.shape
    min_score = max(int(min_score), 1)
    if n_mentees == 0 or n_mentors == 0:
        return []

    weights = np.where(scores >= min_score, scores, 0).astype(np.int64)
    for row, column in forbidden:
        weights[row, column] = 0

    # A mentor never needs more columns than there are mentees.
    places = np.minimum(np.asarray(free, dtype=np.int64), n_mentees).clip(min=0)
    slot_mentor = np.repeat(np.arange(n_mentors), places)
    if slot_mentor.size == 0:
        return []
    slot_weights = weights[:, slot_mentor]
    rows, slots = linear_sum_assignment(slot_weights, maximize=True)
    return [
        (int(row), int(slot_mentor[slot]))
        for row, slot in zip(rows, slots)
        if slot_weights[row, slot] > 0
    ]
