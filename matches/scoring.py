"""How well a mentor suits a mentee: a score from 0 to 100, with its reasons.

Pure code: it takes plain data, not model instances, so it can be tested and
benchmarked without a database. ``score_pair`` explains one pair;
``score_matrix`` computes the same totals for every pair at once with NumPy,
for the bulk proposal. A test keeps the two equal.

How the score is built: each criterion below earns up to its weight in points;
the weights add up to 100 and the total is rounded to a whole number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

# Same discipline: the partnership is about a profession, so this weighs most.
WEIGHT_DISCIPLINE = 25
# The mentor's expertise covers what the mentee wants input on (focus areas,
# and topics the mentee's goals name): points in proportion to the share covered.
WEIGHT_EXPERTISE = 25
# Ways to communicate in common (in person, video, phone, e-mail, text):
# full points with two or more in common, half with one, none without.
WEIGHT_CHANNELS = 15
# Same city, counted only when both accept meeting in person.
WEIGHT_CITY = 10
# At least one language in common.
WEIGHT_LANGUAGE = 10
# How often each wants to meet: full points when equal, half one step apart.
WEIGHT_FREQUENCY = 10
# The mentor's free places, as a share of their capacity: spreads the load so
# that nobody's first mentee goes to an already busy mentor.
WEIGHT_CAPACITY = 5

IN_PERSON = "in_person"
FREQUENCY_ORDER = ["weekly", "fortnightly", "monthly", "bimonthly"]


@dataclass(frozen=True)
class Mentor:
    id: int
    discipline: int
    expertise: frozenset[int]
    channels: frozenset[str]
    city: str
    languages: frozenset[str]
    frequency: str
    capacity: int
    active: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.active, 0)


@dataclass(frozen=True)
class Mentee:
    id: int
    discipline: int
    wanted: frozenset[int]  # focus areas, plus topics the goals name
    channels: frozenset[str]
    city: str
    languages: frozenset[str]
    frequency: str


@dataclass(frozen=True)
class Reason:
    label: str
    points: float
    weight: int
    detail: str


@dataclass(frozen=True)
class Score:
    total: int
    reasons: list[Reason] = field(default_factory=list)


def normalise_city(city: str) -> str:
    return " ".join(city.split()).casefold()


def _frequency_points(a: str, b: str) -> float:
    try:
        gap = abs(FREQUENCY_ORDER.index(a) - FREQUENCY_ORDER.index(b))
    except ValueError:
        return 0.0
    return {0: 1.0, 1: 0.5}.get(gap, 0.0) * WEIGHT_FREQUENCY


def score_pair(mentor: Mentor, mentee: Mentee, topic_names: dict[int, str] | None = None) -> Score:
    """The score of one pair, with a reason for every criterion."""
    names = topic_names or {}
    reasons = []

    same = mentor.discipline == mentee.discipline
    reasons.append(
        Reason("Discipline", WEIGHT_DISCIPLINE if same else 0, WEIGHT_DISCIPLINE,
               "Same discipline" if same else "Different disciplines")
    )

    covered = mentor.expertise & mentee.wanted
    share = len(covered) / len(mentee.wanted) if mentee.wanted else 0.0
    detail = (
        f"Covers {len(covered)} of {len(mentee.wanted)} wanted: "
        + ", ".join(sorted(names.get(t, str(t)) for t in covered))
        if covered
        else "None of the areas the mentee wants"
    )
    reasons.append(Reason("Expertise", WEIGHT_EXPERTISE * share, WEIGHT_EXPERTISE, detail))

    common = mentor.channels & mentee.channels
    reasons.append(
        Reason("Ways to communicate", WEIGHT_CHANNELS * min(len(common), 2) / 2, WEIGHT_CHANNELS,
               f"{len(common)} in common" if common else "None in common")
    )

    both_in_person = IN_PERSON in mentor.channels and IN_PERSON in mentee.channels
    same_city = bool(mentor.city) and normalise_city(mentor.city) == normalise_city(mentee.city)
    city_counts = both_in_person and same_city
    reasons.append(
        Reason("City", WEIGHT_CITY if city_counts else 0, WEIGHT_CITY,
               "Same city, both meet in person" if city_counts
               else "Same city, but not both meet in person" if same_city
               else "Different cities")
    )

    languages = mentor.languages & mentee.languages
    reasons.append(
        Reason("Language", WEIGHT_LANGUAGE if languages else 0, WEIGHT_LANGUAGE,
               ", ".join(sorted(lang.title() for lang in languages)) if languages else "No language in common")
    )

    frequency = _frequency_points(mentor.frequency, mentee.frequency)
    reasons.append(
        Reason("Meeting frequency", frequency, WEIGHT_FREQUENCY,
               "Same rhythm" if frequency == WEIGHT_FREQUENCY else "Close" if frequency else "Far apart")
    )

    capacity_share = mentor.free / mentor.capacity if mentor.capacity else 0.0
    reasons.append(
        Reason("Free places", WEIGHT_CAPACITY * capacity_share, WEIGHT_CAPACITY,
               f"{mentor.free} of {mentor.capacity} free")
    )

    return Score(total=int(round(sum(r.points for r in reasons) + 1e-9)), reasons=reasons)


def score_matrix(mentors: Sequence[Mentor], mentees: Sequence[Mentee]) -> np.ndarray:
    """Every pair's total at once: rows are mentees, columns mentors; equal to ``score_pair``."""
    n, m = len(mentees), len(mentors)
    if not n or not m:
        return np.zeros((n, m), dtype=np.int64)
    points = np.zeros((n, m))

    points += WEIGHT_DISCIPLINE * (
        np.array([e.discipline for e in mentees])[:, None] == np.array([o.discipline for o in mentors])[None, :]
    )

    topics = {t: i for i, t in enumerate(sorted(set().union(*(e.wanted for e in mentees), *(o.expertise for o in mentors))))}
    wanted = _incidence([e.wanted for e in mentees], topics)
    expertise = _incidence([o.expertise for o in mentors], topics)
    wanted_counts = wanted.sum(axis=1)
    covered = wanted @ expertise.T
    points += WEIGHT_EXPERTISE * np.divide(
        covered, wanted_counts[:, None], out=np.zeros_like(covered, dtype=float), where=wanted_counts[:, None] > 0
    )

    channel_index = {c: i for i, c in enumerate(sorted(set().union(*(e.channels for e in mentees), *(o.channels for o in mentors))))}
    common = _incidence([e.channels for e in mentees], channel_index) @ _incidence([o.channels for o in mentors], channel_index).T
    points += WEIGHT_CHANNELS * np.minimum(common, 2) / 2

    cities = {}
    mentee_city = np.array([cities.setdefault(normalise_city(e.city), len(cities)) if e.city else -1 for e in mentees])
    mentor_city = np.array([cities.setdefault(normalise_city(o.city), len(cities)) if o.city else -2 for o in mentors])
    mentee_meets = np.array([IN_PERSON in e.channels for e in mentees])
    mentor_meets = np.array([IN_PERSON in o.channels for o in mentors])
    points += WEIGHT_CITY * (
        (mentee_city[:, None] == mentor_city[None, :]) & mentee_meets[:, None] & mentor_meets[None, :]
    )

    language_index = {lang: i for i, lang in enumerate(sorted(set().union(*(e.languages for e in mentees), *(o.languages for o in mentors))))}
    shared = _incidence([e.languages for e in mentees], language_index) @ _incidence([o.languages for o in mentors], language_index).T
    points += WEIGHT_LANGUAGE * (shared > 0)

    order = {f: i for i, f in enumerate(FREQUENCY_ORDER)}
    mentee_rhythm = np.array([order.get(e.frequency, -100) for e in mentees])
    mentor_rhythm = np.array([order.get(o.frequency, 100) for o in mentors])
    gap = np.abs(mentee_rhythm[:, None] - mentor_rhythm[None, :])
    points += WEIGHT_FREQUENCY * np.where(gap == 0, 1.0, np.where(gap == 1, 0.5, 0.0))

    free_share = np.array([o.free / o.capacity if o.capacity else 0.0 for o in mentors])
    points += WEIGHT_CAPACITY * free_share[None, :]

    return np.rint(points + 1e-9).astype(np.int64)


def _incidence(sets: Sequence[frozenset], index: dict) -> np.ndarray:
    matrix = np.zeros((len(sets), max(len(index), 1)), dtype=np.float64)
    for row, items in enumerate(sets):
        for item in items:
            matrix[row, index[item]] = 1.0
    return matrix
