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

from .matrix import Tables, prepare, score_matrix, score_rows, with_mentee
from .pair import (
    CATEGORY_NAMES,
    CHANNEL_NAMES,
    EXCLUDED,
    EXPERIENCE_DEFAULT,
    EXPERIENCE_FOR_CATEGORY,
    FREQUENCY_ORDER,
    IN_PERSON,
    INTERNATIONAL,
    SLOT_NAMES,
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
    Reason,
    Requirement,
    Score,
    normalise_text,
    only_in_person,
    overlap_share,
    requirements,
    score_pair,
)

__all__ = [
    "CATEGORY_NAMES",
    "CHANNEL_NAMES",
    "EXCLUDED",
    "EXPERIENCE_DEFAULT",
    "EXPERIENCE_FOR_CATEGORY",
    "FREQUENCY_ORDER",
    "INTERNATIONAL",
    "IN_PERSON",
    "SLOT_NAMES",
    "WEIGHT_AVAILABILITY",
    "WEIGHT_CHANNELS",
    "WEIGHT_CITY",
    "WEIGHT_CONTACT_TIMES",
    "WEIGHT_DISCIPLINE",
    "WEIGHT_EXPERIENCE",
    "WEIGHT_EXPERTISE",
    "WEIGHT_FREQUENCY",
    "WEIGHT_WORKPLACE_CULTURE",
    "Mentee",
    "Mentor",
    "Reason",
    "Requirement",
    "Score",
    "Tables",
    "normalise_text",
    "only_in_person",
    "overlap_share",
    "prepare",
    "requirements",
    "score_matrix",
    "score_pair",
    "score_rows",
    "with_mentee",
]
