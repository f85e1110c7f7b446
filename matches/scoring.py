"""How well a mentor suits a mentee: first the requirements, then a score from 0 to 100 with its reasons.

Pure code: it takes plain data, not model instances, so it can be tested and
benchmarked without a database. ``score_pair`` explains one pair;
``score_matrix`` (and ``score_rows``, a block of it) computes the same totals for
many pairs at once with NumPy, for the bulk proposal. A property test keeps the
two equal, on blank and odd text too.

Requirements come before points (M7): a pair that shares no language, or no way
to communicate, or no city where one of them only meets in person (and, when the
program says so, no discipline) is excluded, whatever it would score. The matrix
marks it ``EXCLUDED``; ``score_pair`` still scores it and says why it is excluded,
so that a coordinator can match such a pair by hand after a warning.

How the score is built: each criterion below earns up to its weight in points;
the weights add up to 100 for every mentee, and the total is rounded to a whole
number. A mentor's free places are not a criterion: they only order mentors
whose scores are equal, and never make a pair reach the lowest score.

The inputs are normalised once, when the plain data is made (``__post_init__``):
cities and languages are compared without case or extra spaces, and a blank city
is no city. Both score functions read the same normalised fields, so they
cannot disagree about text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

# Same discipline: the partnership is about a profession ("an experienced
# professional in their discipline of interest").
WEIGHT_DISCIPLINE = 20
# The mentor's expertise covers the areas where the mentee wants input (their
# focus areas, topic by topic): points in proportion to the share covered.
WEIGHT_EXPERTISE = 25
# For internationally trained mentees, this much of the expertise weight goes to
# a mentor with workplace-culture expertise, which the guide calls especially
# valuable to them; their expertise share then earns the rest.
WEIGHT_WORKPLACE_CULTURE = 10
# Years of experience that fit the mentee's category: full points from the
# category's years, half from half of them.
WEIGHT_EXPERIENCE = 10
# Ways to communicate in common (one is required).
WEIGHT_CHANNELS = 10
# Same city, counted only when both accept meeting in person.
WEIGHT_CITY = 10
# How often each wants to meet: full points when equal, half one step apart.
WEIGHT_FREQUENCY = 10
# Parts of the week when both can meet (availability).
WEIGHT_AVAILABILITY = 10
# Parts of the week when both like to be contacted.
WEIGHT_CONTACT_TIMES = 5

# Years of experience that suit a mentee of each category: a student is well
# served by someone a few years into the profession; a junior member, who
# already works in it, by someone clearly further on; an internationally trained
# professional, often experienced already, by someone senior in the local workplace.
EXPERIENCE_FOR_CATEGORY = {"student": 3, "junior": 5, "international": 10}
EXPERIENCE_DEFAULT = 5
INTERNATIONAL = "international"
CATEGORY_NAMES = {"student": "a student", "junior": "a junior member", "international": "an internationally trained professional"}

IN_PERSON = "in_person"
FREQUENCY_ORDER = ["weekly", "fortnightly", "monthly", "bimonthly"]
CHANNEL_NAMES = {"in_person": "in person", "video": "video", "phone": "phone", "email": "e-mail", "text": "text"}
SLOT_NAMES = {
    "weekday_mornings": "weekday mornings",
    "weekday_daytime": "weekdays midday",
    "weekday_evenings": "weekday evenings",
    "weekends": "weekends",
}

# A pair that fails a requirement, in the matrix.
EXCLUDED = -1


def normalise_text(text: str | None) -> str:
    """Text as matching compares it: spaces collapsed, none at the ends, case folded."""
    return " ".join((text or "").split()).casefold()


def _normalised_set(items: Iterable[str]) -> frozenset[str]:
    return frozenset(key for key in (normalise_text(str(item)) for item in items) if key)


@dataclass(frozen=True)
class Mentor:
    id: int
    discipline: int
    expertise: frozenset[int]
    channels: frozenset[str]
    city: str
    languages: frozenset[str]
    frequency: str
    availability: frozenset[str] = frozenset()
    contact_times: frozenset[str] = frozenset()
    years: int | None = None
    workplace_culture: bool = False  # has expertise in a workplace-culture topic
    capacity: int = 1
    active: int = 0

    def __post_init__(self):
        _normalise(self)

    @property
    def free(self) -> int:
        return max(self.capacity - self.active, 0)


@dataclass(frozen=True)
class Mentee:
    id: int
    discipline: int
    wanted: frozenset[int]  # focus areas: the topics where input would help most
    channels: frozenset[str]
    city: str
    languages: frozenset[str]
    frequency: str
    availability: frozenset[str] = frozenset()
    contact_times: frozenset[str] = frozenset()
    category: str = ""

    def __post_init__(self):
        _normalise(self)


def _normalise(person) -> None:
    # Frozen dataclasses: set the normalised values once, when the data is made.
    object.__setattr__(person, "city", normalise_text(person.city))
    object.__setattr__(person, "languages", _normalised_set(person.languages))
    object.__setattr__(person, "channels", frozenset(person.channels))
    object.__setattr__(person, "availability", frozenset(person.availability))
    object.__setattr__(person, "contact_times", frozenset(person.contact_times))


def only_in_person(person: Mentor | Mentee) -> bool:
    return person.channels == {IN_PERSON}


@dataclass(frozen=True)
class Reason:
    label: str
    points: float
    weight: int
    detail: str


@dataclass(frozen=True)
class Requirement:
    label: str
    met: bool
    detail: str


@dataclass(frozen=True)
class Score:
    total: int
    reasons: list[Reason] = field(default_factory=list)
    requirements: list[Requirement] = field(default_factory=list)

    @property
    def allowed(self) -> bool:
        return all(r.met for r in self.requirements)

    @property
    def unmet(self) -> list[Requirement]:
        return [r for r in self.requirements if not r.met]


def overlap_share(common: int, a: int, b: int) -> float:
    """How well two sets of choices overlap: full when they share two, or all of the smaller one; half for one."""
    smaller = min(a, b, 2)
    return min(common, 2) / smaller if smaller else 0.0


def _frequency_share(a: str, b: str) -> float:
    try:
        gap = abs(FREQUENCY_ORDER.index(a) - FREQUENCY_ORDER.index(b))
    except ValueError:
        return 0.0
    return {0: 1.0, 1: 0.5}.get(gap, 0.0)


def _experience_share(years: int | None, category: str) -> float:
    wanted = EXPERIENCE_FOR_CATEGORY.get(category, EXPERIENCE_DEFAULT)
    if years is None:
        return 0.0
    return 1.0 if years >= wanted else 0.5 if 2 * years >= wanted else 0.0


def _names(items: Iterable[str], names: dict[str, str]) -> str:
    return ", ".join(sorted(names.get(item, item) for item in items))


def requirements(mentor: Mentor, mentee: Mentee, *, discipline_required: bool = False) -> list[Requirement]:
    """What a pair must share to be proposed (M7), each met or not, with why."""
    languages = mentor.languages & mentee.languages
    channels = mentor.channels & mentee.channels
    found = [
        Requirement("Language", bool(languages),
                    ", ".join(sorted(lang.title() for lang in languages)) if languages else "No language in common"),
        Requirement("Way to communicate", bool(channels),
                    _names(channels, CHANNEL_NAMES).capitalize() if channels else "No way to communicate in common"),
    ]
    if only_in_person(mentor) or only_in_person(mentee):
        same_city = bool(mentor.city) and mentor.city == mentee.city
        who = "Both" if only_in_person(mentor) and only_in_person(mentee) else "The mentor" if only_in_person(mentor) else "The mentee"
        found.append(Requirement(
            "City", same_city,
            f"Same city, where {who.lower()} only meet{'' if who == 'Both' else 's'} in person" if same_city
            else f"{who} only meet{'' if who == 'Both' else 's'} in person, and not in the same city",
        ))
    if discipline_required:
        same = mentor.discipline == mentee.discipline
        found.append(Requirement("Discipline", same, "Same discipline" if same else "Different disciplines; the program requires the same"))
    return found


def score_pair(
    mentor: Mentor, mentee: Mentee, topic_names: dict[int, str] | None = None, *, discipline_required: bool = False
) -> Score:
    """The score of one pair, with a reason for every criterion and the requirements met or not."""
    names = topic_names or {}
    reasons = []

    same = mentor.discipline == mentee.discipline
    reasons.append(Reason("Discipline", WEIGHT_DISCIPLINE if same else 0, WEIGHT_DISCIPLINE,
                          "Same discipline" if same else "Different disciplines"))

    international = mentee.category == INTERNATIONAL
    expertise_weight = WEIGHT_EXPERTISE - WEIGHT_WORKPLACE_CULTURE if international else WEIGHT_EXPERTISE
    covered = mentor.expertise & mentee.wanted
    share = len(covered) / len(mentee.wanted) if mentee.wanted else 0.0
    detail = (
        f"Covers {len(covered)} of {len(mentee.wanted)} wanted: " + ", ".join(sorted(names.get(t, str(t)) for t in covered))
        if covered
        else "None of the areas the mentee wants" if mentee.wanted else "The mentee named no areas"
    )
    reasons.append(Reason("Expertise", expertise_weight * share, expertise_weight, detail))
    if international:
        reasons.append(Reason(
            "Workplace culture", WEIGHT_WORKPLACE_CULTURE if mentor.workplace_culture else 0, WEIGHT_WORKPLACE_CULTURE,
            "Knows workplace culture, which helps an internationally trained professional" if mentor.workplace_culture
            else "No workplace-culture expertise, which helps an internationally trained professional",
        ))

    wanted_years = EXPERIENCE_FOR_CATEGORY.get(mentee.category, EXPERIENCE_DEFAULT)
    experience = _experience_share(mentor.years, mentee.category)
    who = CATEGORY_NAMES.get(mentee.category, "this mentee")
    reasons.append(Reason(
        "Experience", WEIGHT_EXPERIENCE * experience, WEIGHT_EXPERIENCE,
        "Years of experience not given" if mentor.years is None
        else f"{mentor.years} year{'s' if mentor.years != 1 else ''}; {wanted_years} or more suit {who}",
    ))

    common = mentor.channels & mentee.channels
    reasons.append(Reason(
        "Ways to communicate", WEIGHT_CHANNELS * overlap_share(len(common), len(mentor.channels), len(mentee.channels)),
        WEIGHT_CHANNELS, f"In common: {_names(common, CHANNEL_NAMES)}" if common else "None in common",
    ))

    both_in_person = IN_PERSON in mentor.channels and IN_PERSON in mentee.channels
    same_city = bool(mentor.city) and mentor.city == mentee.city
    city_counts = both_in_person and same_city
    reasons.append(Reason(
        "City", WEIGHT_CITY if city_counts else 0, WEIGHT_CITY,
        "Same city, both meet in person" if city_counts
        else "Same city, but not both meet in person" if same_city
        else "Different cities" if mentor.city and mentee.city else "City not given",
    ))

    frequency = _frequency_share(mentor.frequency, mentee.frequency)
    reasons.append(Reason("Meeting frequency", WEIGHT_FREQUENCY * frequency, WEIGHT_FREQUENCY,
                          "Same rhythm" if frequency == 1 else "Close" if frequency else "Far apart"))

    for label, weight, ours, theirs in (
        ("Meeting times", WEIGHT_AVAILABILITY, mentor.availability, mentee.availability),
        ("Contact times", WEIGHT_CONTACT_TIMES, mentor.contact_times, mentee.contact_times),
    ):
        both = ours & theirs
        reasons.append(Reason(
            label, weight * overlap_share(len(both), len(ours), len(theirs)), weight,
            f"Both: {_names(both, SLOT_NAMES)}" if both
            else "Not given" if not ours or not theirs else "No time in common",
        ))

    return Score(
        total=int(round(sum(r.points for r in reasons) + 1e-9)),
        reasons=reasons,
        requirements=requirements(mentor, mentee, discipline_required=discipline_required),
    )


# ---------------------------------------------------------------------------
# Many pairs at once


@dataclass
class Tables:
    """Both sides as NumPy arrays, made once; ``score_rows`` reads them block by block."""

    n_mentees: int
    n_mentors: int
    discipline_required: bool
    arrays: dict[str, np.ndarray]


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
    items = set()
    for group in groups:
        for collection in group:
            items.update(collection)
    return {item: i for i, item in enumerate(sorted(items, key=str))}


def prepare(mentors: Sequence[Mentor], mentees: Sequence[Mentee], *, discipline_required: bool = False) -> Tables:
    """The arrays ``score_rows`` needs, for these mentors (columns) and mentees (rows)."""
    a: dict[str, np.ndarray] = {}
    for name, key in (("topics", "expertise"), ("channels", "channels"), ("languages", "languages"),
                      ("availability", "availability"), ("contact_times", "contact_times")):
        mentee_key = "wanted" if key == "expertise" else key
        index = _index([getattr(e, mentee_key) for e in mentees], [getattr(o, key) for o in mentors])
        a[f"e_{name}"] = _bits([getattr(e, mentee_key) for e in mentees], index)
        a[f"o_{name}"] = _bits([getattr(o, key) for o in mentors], index)
        a[f"e_{name}_n"] = np.array([len(getattr(e, mentee_key)) for e in mentees], dtype=np.int16)
        a[f"o_{name}_n"] = np.array([len(getattr(o, key)) for o in mentors], dtype=np.int16)
        weight = OVERLAP_WEIGHTS.get(name)
        if weight is not None and len(index) <= MASK_ITEMS:
            # Few choices (ways, parts of the week): each person's choice is a small number, and a
            # table of every two choices' half points replaces the per-pair arithmetic.
            a[f"e_{name}_mask"] = a[f"e_{name}"][:, 0].astype(np.intp)
            a[f"o_{name}_mask"] = a[f"o_{name}"][:, 0].astype(np.intp)
            masks = np.arange(1 << len(index), dtype=np.uint64)[:, None]
            sizes = np.bitwise_count(masks).astype(np.int16)
            a[f"{name}_table"] = _overlap_halves(weight, _common(masks, masks), sizes[:, 0], sizes[:, 0])
    a["e_discipline"] = np.array([e.discipline for e in mentees], dtype=np.int64)
    a["o_discipline"] = np.array([o.discipline for o in mentors], dtype=np.int64)
    international = np.array([e.category == INTERNATIONAL for e in mentees], dtype=bool)
    a["e_international"] = international
    a["e_expertise_weight"] = np.where(international, WEIGHT_EXPERTISE - WEIGHT_WORKPLACE_CULTURE, WEIGHT_EXPERTISE).astype(float)
    a["o_culture"] = np.array([o.workplace_culture for o in mentors], dtype=bool)
    a["e_wanted_years"] = np.array([EXPERIENCE_FOR_CATEGORY.get(e.category, EXPERIENCE_DEFAULT) for e in mentees], dtype=np.int64)
    a["o_years"] = np.array([-1 if o.years is None else o.years for o in mentors], dtype=np.int64)
    cities: dict[str, int] = {}
    a["e_city"] = np.array([cities.setdefault(e.city, len(cities)) if e.city else -1 for e in mentees], dtype=np.int64)
    a["o_city"] = np.array([cities.setdefault(o.city, len(cities)) if o.city else -2 for o in mentors], dtype=np.int64)
    a["e_meets"] = np.array([IN_PERSON in e.channels for e in mentees], dtype=bool)
    a["o_meets"] = np.array([IN_PERSON in o.channels for o in mentors], dtype=bool)
    a["e_only_in_person"] = np.array([only_in_person(e) for e in mentees], dtype=bool)
    a["o_only_in_person"] = np.array([only_in_person(o) for o in mentors], dtype=bool)
    order = {f: i for i, f in enumerate(FREQUENCY_ORDER)}
    a["e_rhythm"] = np.array([order.get(e.frequency, -100) for e in mentees], dtype=np.int64)
    a["o_rhythm"] = np.array([order.get(o.frequency, 100) for o in mentors], dtype=np.int64)
    return Tables(len(mentees), len(mentors), discipline_required, a)


OVERLAP_WEIGHTS = {"channels": WEIGHT_CHANNELS, "availability": WEIGHT_AVAILABILITY, "contact_times": WEIGHT_CONTACT_TIMES}
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


def score_rows(tables: Tables, start: int, stop: int) -> np.ndarray:
    """Mentees ``start:stop`` against every mentor: the score, or ``EXCLUDED`` where a requirement fails (int8).

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
    halves += (2 * WEIGHT_WORKPLACE_CULTURE) * (a["e_international"][rows, None] & a["o_culture"][None, :]).astype(np.int16)
    years, wanted_years = a["o_years"][None, :], a["e_wanted_years"][rows, None]
    experience = (years >= wanted_years).astype(np.int16) + ((2 * years >= wanted_years) & (years >= 0)).astype(np.int16)
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
    mentors: Sequence[Mentor], mentees: Sequence[Mentee], *, discipline_required: bool = False, block: int = 512
) -> np.ndarray:
    """Every pair's total at once (rows mentees, columns mentors), ``EXCLUDED`` where a requirement fails.

    Equal to ``score_pair(...).total`` for allowed pairs. Computed in blocks of
    mentees, so memory stays near one byte a pair.
    """
    tables = prepare(mentors, mentees, discipline_required=discipline_required)
    scores = np.empty((len(mentees), len(mentors)), dtype=np.int8)
    for start in range(0, len(mentees), block):
        scores[start:start + block] = score_rows(tables, start, min(start + block, len(mentees)))
    return scores
