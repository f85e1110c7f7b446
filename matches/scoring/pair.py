"""One pair: its requirements and its score, with a reason for every criterion (see the package's docstring)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

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
CATEGORY_NAMES = {
    "student": "a student",
    "junior": "a junior member",
    "international": "an internationally trained professional",
}

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
        Requirement(
            "Language",
            bool(languages),
            ", ".join(sorted(lang.title() for lang in languages)) if languages else "No language in common",
        ),
        Requirement(
            "Way to communicate",
            bool(channels),
            _names(channels, CHANNEL_NAMES).capitalize() if channels else "No way to communicate in common",
        ),
    ]
    if only_in_person(mentor) or only_in_person(mentee):
        same_city = bool(mentor.city) and mentor.city == mentee.city
        who = (
            "Both"
            if only_in_person(mentor) and only_in_person(mentee)
            else "The mentor"
            if only_in_person(mentor)
            else "The mentee"
        )
        found.append(
            Requirement(
                "City",
                same_city,
                f"Same city, where {who.lower()} only meet{'' if who == 'Both' else 's'} in person"
                if same_city
                else f"{who} only meet{'' if who == 'Both' else 's'} in person, and not in the same city",
            )
        )
    if discipline_required:
        same = mentor.discipline == mentee.discipline
        found.append(
            Requirement(
                "Discipline",
                same,
                "Same discipline" if same else "Different disciplines; the program requires the same",
            )
        )
    return found


def score_pair(
    mentor: Mentor, mentee: Mentee, topic_names: dict[int, str] | None = None, *, discipline_required: bool = False
) -> Score:
    """The score of one pair, with a reason for every criterion and the requirements met or not."""
    names = topic_names or {}
    reasons = []

    same = mentor.discipline == mentee.discipline
    reasons.append(
        Reason(
            "Discipline",
            WEIGHT_DISCIPLINE if same else 0,
            WEIGHT_DISCIPLINE,
            "Same discipline" if same else "Different disciplines",
        )
    )

    international = mentee.category == INTERNATIONAL
    expertise_weight = WEIGHT_EXPERTISE - WEIGHT_WORKPLACE_CULTURE if international else WEIGHT_EXPERTISE
    covered = mentor.expertise & mentee.wanted
    share = len(covered) / len(mentee.wanted) if mentee.wanted else 0.0
    detail = (
        f"Covers {len(covered)} of {len(mentee.wanted)} wanted: "
        + ", ".join(sorted(names.get(t, str(t)) for t in covered))
        if covered
        else "None of the areas the mentee wants"
        if mentee.wanted
        else "The mentee named no areas"
    )
    reasons.append(Reason("Expertise", expertise_weight * share, expertise_weight, detail))
    if international:
        reasons.append(
            Reason(
                "Workplace culture",
                WEIGHT_WORKPLACE_CULTURE if mentor.workplace_culture else 0,
                WEIGHT_WORKPLACE_CULTURE,
                "Knows workplace culture, which helps an internationally trained professional"
                if mentor.workplace_culture
                else "No workplace-culture expertise, which helps an internationally trained professional",
            )
        )

    wanted_years = EXPERIENCE_FOR_CATEGORY.get(mentee.category, EXPERIENCE_DEFAULT)
    experience = _experience_share(mentor.years, mentee.category)
    who = CATEGORY_NAMES.get(mentee.category, "this mentee")
    reasons.append(
        Reason(
            "Experience",
            WEIGHT_EXPERIENCE * experience,
            WEIGHT_EXPERIENCE,
            "Years of experience not given"
            if mentor.years is None
            else f"{mentor.years} year{'s' if mentor.years != 1 else ''}; {wanted_years} or more suit {who}",
        )
    )

    common = mentor.channels & mentee.channels
    reasons.append(
        Reason(
            "Ways to communicate",
            WEIGHT_CHANNELS * overlap_share(len(common), len(mentor.channels), len(mentee.channels)),
            WEIGHT_CHANNELS,
            f"In common: {_names(common, CHANNEL_NAMES)}" if common else "None in common",
        )
    )

    both_in_person = IN_PERSON in mentor.channels and IN_PERSON in mentee.channels
    same_city = bool(mentor.city) and mentor.city == mentee.city
    city_counts = both_in_person and same_city
    reasons.append(
        Reason(
            "City",
            WEIGHT_CITY if city_counts else 0,
            WEIGHT_CITY,
            "Same city, both meet in person"
            if city_counts
            else "Same city, but not both meet in person"
            if same_city
            else "Different cities"
            if mentor.city and mentee.city
            else "City not given",
        )
    )

    frequency = _frequency_share(mentor.frequency, mentee.frequency)
    reasons.append(
        Reason(
            "Meeting frequency",
            WEIGHT_FREQUENCY * frequency,
            WEIGHT_FREQUENCY,
            "Same rhythm" if frequency == 1 else "Close" if frequency else "Far apart",
        )
    )

    for label, weight, ours, theirs in (
        ("Meeting times", WEIGHT_AVAILABILITY, mentor.availability, mentee.availability),
        ("Contact times", WEIGHT_CONTACT_TIMES, mentor.contact_times, mentee.contact_times),
    ):
        both = ours & theirs
        reasons.append(
            Reason(
                label,
                weight * overlap_share(len(both), len(ours), len(theirs)),
                weight,
                f"Both: {_names(both, SLOT_NAMES)}"
                if both
                else "Not given"
                if not ours or not theirs
                else "No time in common",
            )
        )

    return Score(
        total=round(sum(r.points for r in reasons) + 1e-9),
        reasons=reasons,
        requirements=requirements(mentor, mentee, discipline_required=discipline_required),
    )
