"""Many pairs at once with NumPy: the same requirements and totals as ``score_pair``, one byte a pair."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .pair import (
    EXCLUDED,
    EXPERIENCE_DEFAULT,
    EXPERIENCE_FOR_CATEGORY,
    FREQUENCY_ORDER,
    IN_PERSON,
    INTERNATIONAL,
    WEIGHT_AVAILABILITY,
    WEIGHT_CHANNELS,
    WEIGHT_CITY,
    WEIGHT_CONTACT_TIMES,
    WEIGHT_DISCIPLINE,
    WEIGHT_EXPERIENCE,
    WEIGHT_EXPERTISE,
    WEIGHT_FREQUENCY,
    WEIGHT_WORKPLACE_CULTURE,
    Mentee,
    Mentor,
    only_in_person,
)


@dataclass
class Tables:
    """Both sides as NumPy arrays, made once; ``score_rows`` reads them block by block. ``indexes`` and
    ``cities``: which bit each item of a set is, and each city's number (``with_mentee`` reuses them)."""

    n_mentees: int
    n_mentors: int
    discipline_required: bool
    arrays: dict[str, np.ndarray]
    indexes: dict[str, dict] = field(default_factory=dict)
    cities: dict[str, int] = field(default_factory=dict)


def _bits(sets: Sequence[Iterable], index: dict) -> np.ndarray:
    """Each set as a row of 64-bit words, one bit per item of ``index``."""
    words = max((len(index) + 63) // 64, 1)
    bits = np.zeros((len(sets), words), dtype=np.uint64)
    for row, items in enumerate(sets):
        for item in items:
            position = index[item]
            bits[row, position // 64] |= np.uint64(1) << np.uint64(position % 64)
    return bits


def _common(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """How many items each row of ``a`` shares with each row of ``b``."""
    count = np.zeros((a.shape[0], b.shape[0]), dtype=np.int16)
    for word in range(a.shape[1]):
        count += np.bitwise_count(a[:, word, None] & b[None, :, word]).astype(np.int16)
    return count


def _index(*groups: Iterable[Iterable]) -> dict:
    items: set = set()
    for group in groups:
        for collection in group:
            items.update(collection)
    return {item: i for i, item in enumerate(sorted(items, key=str))}


SETS = (  # (name in the arrays, the mentor's field, the mentee's field)
    ("topics", "expertise", "wanted"),
    ("channels", "channels", "channels"),
    ("languages", "languages", "languages"),
    ("availability", "availability", "availability"),
    ("contact_times", "contact_times", "contact_times"),
)
_FREQUENCY = {f: i for i, f in enumerate(FREQUENCY_ORDER)}


def prepare(mentors: Sequence[Mentor], mentees: Sequence[Mentee], *, discipline_required: bool = False) -> Tables:
    """The arrays ``score_rows`` needs, for these mentors (columns) and mentees (rows)."""
    a: dict[str, np.ndarray] = {}
    indexes = {}
    for name, key, mentee_key in SETS:
        index = _index([getattr(e, mentee_key) for e in mentees], [getattr(o, key) for o in mentors])
        indexes[name] = index
        a[f"o_{name}"] = _bits([getattr(o, key) for o in mentors], index)
        a[f"o_{name}_n"] = np.array([len(getattr(o, key)) for o in mentors], dtype=np.int16)
        weight = OVERLAP_WEIGHTS.get(name)
        if weight is not None and len(index) <= MASK_ITEMS:
            # Few choices (ways, parts of the week): each person's choice is a small number, and a
            # table of every two choices' half points replaces the per-pair arithmetic.
            a[f"o_{name}_mask"] = a[f"o_{name}"][:, 0].astype(np.intp)
            masks = np.arange(1 << len(index), dtype=np.uint64)[:, None]
            sizes = np.bitwise_count(masks).astype(np.int16)
            a[f"{name}_table"] = _overlap_halves(weight, _common(masks, masks), sizes[:, 0], sizes[:, 0])
    a["o_discipline"] = np.array([o.discipline for o in mentors], dtype=np.int64)
    a["o_culture"] = np.array([o.workplace_culture for o in mentors], dtype=bool)
    a["o_years"] = np.array([-1 if o.years is None else o.years for o in mentors], dtype=np.int64)
    cities: dict[str, int] = {}
    for e in mentees:  # the mentees' cities numbered first, as before
        if e.city:
            cities.setdefault(e.city, len(cities))
    a["o_city"] = np.array([cities.setdefault(o.city, len(cities)) if o.city else -2 for o in mentors], dtype=np.int64)
    a["o_meets"] = np.array([IN_PERSON in o.channels for o in mentors], dtype=bool)
    a["o_only_in_person"] = np.array([only_in_person(o) for o in mentors], dtype=bool)
    a["o_rhythm"] = np.array([_FREQUENCY.get(o.frequency, 100) for o in mentors], dtype=np.int64)
    tables = Tables(0, len(mentors), discipline_required, a, indexes, cities)
    return _with_mentees(tables, mentees)


def with_mentee(tables: Tables, mentee: Mentee, *, discipline_required: bool) -> Tables | None:
    """The mentor side of ``tables`` (made once, by ``prepare(mentors, [])``) against one mentee, or None when
    the mentee names an item no mentor has (a language, a topic...): the bits would not hold it, and
    ``prepare`` must be called with both sides. Equal to ``prepare(mentors, [mentee])`` for scoring."""
    for name, _, mentee_key in SETS:
        if not getattr(mentee, mentee_key) <= tables.indexes[name].keys():
            return None
    mentor_side = {key: value for key, value in tables.arrays.items() if not key.startswith("e_")}
    return _with_mentees(replace(tables, arrays=mentor_side, discipline_required=discipline_required), [mentee])


def _with_mentees(tables: Tables, mentees: Sequence[Mentee]) -> Tables:
    """``tables`` (its mentor side) with the mentees' arrays, numbered by its indexes (which hold their items)."""
    a = dict(tables.arrays)
    for name, _, mentee_key in SETS:
        a[f"e_{name}"] = _bits([getattr(e, mentee_key) for e in mentees], tables.indexes[name])
        a[f"e_{name}_n"] = np.array([len(getattr(e, mentee_key)) for e in mentees], dtype=np.int16)
        if f"{name}_table" in a:
            a[f"e_{name}_mask"] = a[f"e_{name}"][:, 0].astype(np.intp)
    a["e_discipline"] = np.array([e.discipline for e in mentees], dtype=np.int64)
    a["e_international"] = np.array([e.category == INTERNATIONAL for e in mentees], dtype=bool)
    a["e_wanted_years"] = np.array(
        [EXPERIENCE_FOR_CATEGORY.get(e.category, EXPERIENCE_DEFAULT) for e in mentees], dtype=np.int64
    )
    # A city no mentor has gets a number of its own (the mentor side's numbers are kept as they are).
    cities = tables.cities
    a["e_city"] = np.array(
        [(cities[e.city] if e.city in cities else len(cities) + i) if e.city else -1 for i, e in enumerate(mentees)],
        dtype=np.int64,
    )
    a["e_meets"] = np.array([IN_PERSON in e.channels for e in mentees], dtype=bool)
    a["e_only_in_person"] = np.array([only_in_person(e) for e in mentees], dtype=bool)
    a["e_rhythm"] = np.array([_FREQUENCY.get(e.frequency, -100) for e in mentees], dtype=np.int64)
    return replace(tables, n_mentees=len(mentees), arrays=a)


OVERLAP_WEIGHTS = {
    "channels": WEIGHT_CHANNELS,
    "availability": WEIGHT_AVAILABILITY,
    "contact_times": WEIGHT_CONTACT_TIMES,
}
MASK_ITEMS = 10  # up to 1,024 different choices: a table of two bytes × a million


def _overlap(a: dict, name: str, rows: slice, pair) -> np.ndarray:
    """Half points of an overlap criterion for these rows, from the table when there is one."""
    table = a.get(f"{name}_table")
    if table is not None:
        return table[a[f"e_{name}_mask"][rows, None], a[f"o_{name}_mask"][None, :]]
    return _overlap_halves(OVERLAP_WEIGHTS[name], pair(name), a[f"e_{name}_n"][rows], a[f"o_{name}_n"])


def _overlap_halves(weight: int, common: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``weight · overlap_share`` in half points: the share is 0, ½ or 1, so this is weight × (0, 1 or 2)."""
    smaller = np.minimum(np.minimum(a[:, None], b[None, :]), 2)
    # With one choice on a side, the one shared is all of it; otherwise two shared are all of it.
    return weight * np.where(smaller == 1, 2 * common, np.minimum(common, 2)).astype(np.int16)


def score_rows(tables: Tables, start: int, stop: int, *, requirements: bool = True) -> np.ndarray:
    """Mentees ``start:stop`` against every mentor: the score, or ``EXCLUDED`` where a requirement fails (int8).
    With ``requirements=False``, every pair's score as if it were allowed (how far an excluded pair would go).

    Every criterion but expertise is a whole number of half points, so they are
    added exactly as small integers; expertise's share is looked up from a table
    made with score_pair's own arithmetic. Rounded as score_pair rounds.
    """
    a = tables.arrays
    rows = slice(start, stop)

    def pair(name):
        return _common(a[f"e_{name}"][rows], a[f"o_{name}"])

    same_discipline = a["e_discipline"][rows, None] == a["o_discipline"][None, :]
    languages = pair("languages")
    channels = _overlap(a, "channels", rows, pair)  # positive exactly when they share a way
    same_city = a["e_city"][rows, None] == a["o_city"][None, :]
    allowed = (languages > 0) & (channels > 0)
    allowed &= same_city | ~(a["e_only_in_person"][rows, None] | a["o_only_in_person"][None, :])
    if tables.discipline_required:
        allowed &= same_discipline

    halves = (2 * WEIGHT_DISCIPLINE) * same_discipline.astype(np.int16)
    halves += (2 * WEIGHT_WORKPLACE_CULTURE) * (a["e_international"][rows, None] & a["o_culture"][None, :]).astype(
        np.int16
    )
    years, wanted_years = a["o_years"][None, :], a["e_wanted_years"][rows, None]
    experience = (years >= wanted_years).astype(np.int16) + ((2 * years >= wanted_years) & (years >= 0)).astype(
        np.int16
    )
    halves += WEIGHT_EXPERIENCE * experience
    halves += channels
    halves += (2 * WEIGHT_CITY) * (same_city & a["e_meets"][rows, None] & a["o_meets"][None, :]).astype(np.int16)
    gap = np.abs(a["e_rhythm"][rows, None] - a["o_rhythm"][None, :])
    halves += WEIGHT_FREQUENCY * ((gap == 0).astype(np.int16) * 2 + (gap == 1).astype(np.int16))
    halves += _overlap(a, "availability", rows, pair)
    halves += _overlap(a, "contact_times", rows, pair)

    wanted = a["e_topics_n"][rows]
    covered = pair("topics")
    table = _expertise_table(int(wanted.max(initial=0)))
    expertise = table[a["e_international"][rows, None].astype(np.intp), covered, wanted[:, None]]

    scores = np.rint(halves * 0.5 + expertise + 1e-9).astype(np.int8)
    if requirements:
        scores[~allowed] = EXCLUDED
    return scores


def _expertise_table(most_wanted: int) -> np.ndarray:
    """Expertise points by [internationally trained, topics covered, topics wanted], computed as score_pair does."""
    table = np.zeros((2, most_wanted + 1, most_wanted + 1))
    for international, weight in ((0, WEIGHT_EXPERTISE), (1, WEIGHT_EXPERTISE - WEIGHT_WORKPLACE_CULTURE)):
        for wanted in range(1, most_wanted + 1):
            for covered in range(wanted + 1):
                table[international, covered, wanted] = weight * (covered / wanted)
    return table


def score_matrix(
    mentors: Sequence[Mentor],
    mentees: Sequence[Mentee],
    *,
    discipline_required: bool = False,
    block: int = 512,
    requirements: bool = True,
) -> np.ndarray:
    """Every pair's total at once (rows mentees, columns mentors), ``EXCLUDED`` where a requirement fails.

    Equal to ``score_pair(...).total`` for allowed pairs. Computed in blocks of
    mentees, so memory stays near one byte a pair.
    """
    tables = prepare(mentors, mentees, discipline_required=discipline_required)
    scores = np.empty((len(mentees), len(mentors)), dtype=np.int8)
    for start in range(0, len(mentees), block):
        scores[start : start + block] = score_rows(
            tables, start, min(start + block, len(mentees)), requirements=requirements
        )
    return scores
