"""The bulk proposal's assignment: exact, in the order a coordinator means.

Pure code: plain arrays in, pairs out. What is optimised, in this order (M3):

1. as many re-matchers (mentees whose match ended as "not a fit") as possible,
2. then as many mentees as possible,
3. then the greatest total score,
4. then, among assignments equal on all three, the longest waits: the greatest
   total of days waited by the mentees matched.

Rules: a mentor takes at most their free places; a pair that ended as "not a
fit" is never proposed again; no pair below ``min_score`` (at least 1), and no
pair that fails a requirement (``scoring.EXCLUDED``).

**One weight per pair.** Pair (i, j) weighs ``K·(1 + r_i) + S·score_ij + d_i``,
with ``r_i`` 1 for a re-matcher, ``d_i`` the days mentee i has waited,
``S = Σd + 1`` and ``K = M·100·S + Σd + 1`` (M: the most pairs there can be).
The heaviest set of pairs is the lexicographic optimum:

- ``S·score + d`` summed over any assignment is below K, so no gain in score or
  waiting can make up for one unit of K: the K-part is maximised first. The
  K-part is ``K·(mentees matched + re-matchers matched)``. The sets of mentees
  that can be matched together form a matroid (a transversal matroid, each
  mentor copied once per free place), so every largest set has the same size,
  and the greedy rule "re-matchers first" reaches both the most re-matchers and
  the most mentees at once: maximising their sum is maximising (1), then (2).
- Among those, ``Σd < S`` means one point of score outweighs any difference in
  waiting: (3), then (4).

**Solved exactly as a min-cost flow.** Each mentee sends one unit either to a
mentor (cost −weight) or straight to "unmatched" (cost 0); each mentor passes at
most their free places on. OR-Tools' min-cost-flow solver (integers, exact)
solves it.

**Only the pairs that can matter are given to the solver, and a certificate
proves the rest could not help.** At 10,000 × 4,000 there are tens of millions
of allowed pairs, too many to give the solver at once. So it starts with each
mentee's best-scoring mentors and each mentor's best-scoring mentees, solves,
and computes node potentials (shortest-path distances in the solution's residual
network, by Bellman–Ford). A flow is of least cost exactly when its residual
network has no negative cycle, and potentials under which every residual arc
has a non-negative reduced cost prove there is none. Every allowed pair left out
is then checked against these potentials: if none has a negative reduced cost,
adding them all would leave the proof intact, so the solution is optimal for
the whole program. Otherwise the most negative ones are added and it is solved
again. Each round adds pairs that were not there, so it ends; in practice after
a few rounds.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from .scoring import EXCLUDED

# How many best pairs each mentee and each mentor bring to the first round.
CANDIDATES = 64
# How many of the most violating pairs of one mentee join the next round.
ADDED_PER_MENTEE = 32
# Mentees checked at once (rows of the score matrix) when looking for violating pairs.
BLOCK = 1024


class AssignmentError(Exception):
    """The solver answered something it should not have (a bug, never the program's data)."""


def best_assignment(
    scores: np.ndarray,
    free: Sequence[int] | np.ndarray,
    *,
    forbidden: Collection[tuple[int, int]] = (),
    min_score: int = 1,
    rematching: Sequence[bool] | None = None,
    waited_days: Sequence[int] | None = None,
    candidates: int = CANDIDATES,
    progress: Callable[[str], None] | None = None,
) -> list[tuple[int, int]]:
    """Return (mentee row, mentor column) pairs, optimal in the order above, sorted by row.

    ``scores[i, j]`` is mentee i with mentor j (``EXCLUDED`` if a requirement fails);
    ``free[j]`` is mentor j's free places; ``forbidden`` holds (row, column) pairs never
    to propose; ``rematching[i]`` says mentee i re-matches after "not a fit";
    ``waited_days[i]`` is how long mentee i has waited.
    """
    scores = np.asarray(scores)
    n, m = scores.shape if scores.ndim == 2 else (0, 0)
    if n == 0 or m == 0:
        return []
    floor = max(int(min_score), 1)
    free = np.minimum(np.asarray(free, dtype=np.int64), n).clip(min=0)
    usable = scores.astype(np.int8, copy=True)
    usable[usable < floor] = EXCLUDED
    usable[:, free == 0] = EXCLUDED
    for row, column in forbidden:
        usable[row, column] = EXCLUDED
    if not (usable != EXCLUDED).any():
        return []

    r = np.zeros(n, dtype=np.int64) if rematching is None else np.asarray(rematching, dtype=np.int64)
    d = np.zeros(n, dtype=np.int64) if waited_days is None else np.maximum(np.asarray(waited_days, dtype=np.int64), 0)
    most_pairs = int(min(n, free.sum()))
    waited_total = int(d.sum())
    S = waited_total + 1
    K = most_pairs * 100 * S + waited_total + 1
    row_weight = K * (1 + r) + d

    def weights(rows, cols):
        return row_weight[rows] + S * usable[rows, cols].astype(np.int64)

    rows, cols = _first_candidates(usable, r, candidates)
    for round_ in range(1, n * m + 1):
        if progress:
            progress(f"Solving, round {round_}")
        mentor_of = _solve(rows, cols, weights(rows, cols), free, n, m)
        potential = _potentials(rows, cols, weights(rows, cols), mentor_of, free, n, m)
        added = _violations(usable, row_weight, S, potential, mentor_of, n)
        if added.size == 0:
            break
        keys = _distinct(np.concatenate([rows * m + cols, added]))
        rows, cols = keys // m, keys % m
    matched = np.flatnonzero(mentor_of >= 0)
    return [(int(i), int(mentor_of[i])) for i in matched]


def _first_candidates(usable: np.ndarray, r: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each mentee's k best mentors and each mentor's k best mentees (re-matchers first), as pair keys."""
    n, m = usable.shape
    if k * (n + m) >= n * m:  # a small program: every allowed pair
        rows, cols = np.nonzero(usable != EXCLUDED)
        return rows.astype(np.int64), cols.astype(np.int64)
    keys = []
    # Best first: argpartition on the negated scores (EXCLUDED, -1, becomes 1: below every allowed score's -s).
    for start in range(0, n, BLOCK):
        block = usable[start : start + BLOCK]
        best = np.argpartition(-block, min(k, m - 1), axis=1)[:, :k]
        rows = np.repeat(np.arange(block.shape[0]), best.shape[1])
        cols = best.ravel()
        keep = block[rows, cols] != EXCLUDED
        keys.append((rows[keep] + start).astype(np.int64) * m + cols[keep])
    # Each mentor's best mentees, re-matchers ahead: one mentor a row, in blocks.
    for start in range(0, m, BLOCK):
        block = np.ascontiguousarray(usable[:, start : start + BLOCK].T).astype(np.int16)
        allowed = block != EXCLUDED
        block += (101 * r[None, :]).astype(np.int16)
        block[~allowed] = -1
        best = np.argpartition(-block, min(k, n - 1), axis=1)[:, :k]
        cols = np.repeat(np.arange(block.shape[0]), best.shape[1])
        rows = best.ravel()
        keep = allowed[cols, rows]
        keys.append(rows[keep].astype(np.int64) * m + cols[keep] + start)
    distinct = _distinct(np.concatenate(keys))
    return distinct // m, distinct % m


def _distinct(keys: np.ndarray) -> np.ndarray:
    """Sorted, each once (np.unique by sorting, which is faster here than its hash table)."""
    keys = np.sort(keys)
    return keys[np.r_[True, keys[1:] != keys[:-1]]] if keys.size else keys


def _solve(rows, cols, weights, free, n, m) -> np.ndarray:
    """The least-cost flow over these pairs: each mentee's mentor column, or -1."""
    sink = n + m
    flow = min_cost_flow.SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(rows, n + cols, np.ones(len(rows), dtype=np.int64), -weights)
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(n), np.full(n, sink), np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        n + np.arange(m), np.full(m, sink), free.astype(np.int64), np.zeros(m, dtype=np.int64)
    )
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    flow.set_nodes_supplies(np.arange(sink + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise AssignmentError(f"The min-cost-flow solver answered {status}.")
    used = flow.flows(arcs) > 0
    mentor_of = np.full(n, -1, dtype=np.int64)
    mentor_of[rows[used]] = cols[used]
    return mentor_of


def _potentials(rows, cols, weights, mentor_of, free, n, m) -> np.ndarray:
    """Shortest-path distances in the residual network (Bellman–Ford from every node at 0), sink at 0.

    Nodes: mentees 0..n-1, mentors n..n+m-1, the sink n+m. Raises if there is a
    negative cycle, which would mean the flow was not optimal.
    """
    sink = n + m
    matched = mentor_of[rows] == cols
    load = np.bincount(mentor_of[mentor_of >= 0], minlength=m)
    mentees, mentors = np.arange(n), n + np.arange(m)
    is_matched = mentor_of >= 0
    spare, busy = load < free, load > 0
    tails = np.concatenate(
        [
            np.where(matched, n + cols, rows),  # unused pair: mentee → mentor; used: back
            np.where(is_matched, mentees, sink),  # "unmatched" unused: mentee → sink; used: back
            mentors[spare],
            np.full(busy.sum(), sink),
        ]
    )
    heads = np.concatenate(
        [
            np.where(matched, rows, n + cols),
            np.where(is_matched, sink, mentees),
            np.full(spare.sum(), sink),
            mentors[busy],
        ]
    )
    costs = np.concatenate(
        [np.where(matched, weights, -weights), np.zeros(n + spare.sum() + busy.sum(), dtype=np.int64)]
    )
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    starts = np.flatnonzero(np.r_[True, heads[1:] != heads[:-1]])
    targets = heads[starts]
    distance = np.zeros(sink + 1, dtype=np.int64)
    for _ in range(sink + 2):
        shorter = np.minimum(distance[targets], np.minimum.reduceat(distance[tails] + costs, starts))
        if np.array_equal(shorter, distance[targets]):
            return distance - distance[sink]
        distance[targets] = shorter
    raise AssignmentError("Negative cycle in the residual network: the flow was not optimal.")


def _violations(usable, row_weight, S, potential, mentor_of, n) -> np.ndarray:
    """Keys of allowed pairs whose reduced cost is negative: the most negative few of each mentee."""
    m = usable.shape[1]
    mentor_potential = potential[n : n + m]
    found = []
    for start in range(0, n, BLOCK):
        block = usable[start : start + BLOCK]
        stop = start + block.shape[0]
        weight = row_weight[start:stop, None] + S * block.astype(np.int64)
        slack = (potential[start:stop, None] - mentor_potential[None, :]) - weight
        bad = (block != EXCLUDED) & (slack < 0)
        mine = mentor_of[start:stop]
        has = np.flatnonzero(mine >= 0)
        bad[has, mine[has]] = False
        if not bad.any():
            continue
        slack = np.where(bad, slack, 0)
        q = min(ADDED_PER_MENTEE, m)
        worst = np.argpartition(slack, q - 1, axis=1)[:, :q] if q < m else np.tile(np.arange(m), (block.shape[0], 1))
        rows = np.repeat(np.arange(block.shape[0]), worst.shape[1])
        cols = worst.ravel()
        keep = bad[rows, cols]
        found.append((rows[keep] + start).astype(np.int64) * m + cols[keep])
    return np.concatenate(found) if found else np.array([], dtype=np.int64)
