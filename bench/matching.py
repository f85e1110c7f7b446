"""The bulk proposal's solver alone, without a database: scoring every pair, then the exact assignment."""

import random
import time

from matches import scoring
from matches.assignment import best_assignment

CHANNELS = ["in_person", "video", "phone", "email", "text"]
CITIES = ["Edmonton", "Calgary", "Red Deer", "Lethbridge", "Fort McMurray", "Grande Prairie", "Medicine Hat"]
LANGUAGES = ["english", "french", "spanish", "arabic", "mandarin", "punjabi", "tagalog"]
SLOTS = list(scoring.SLOT_NAMES)


def synthetic_program(n_mentees: int, n_mentors: int, seed: int = 2026):
    rng = random.Random(seed)

    def channels():
        return frozenset(rng.sample(CHANNELS, rng.randint(1, 3)))

    def languages():
        return frozenset(["english", *rng.sample(LANGUAGES, rng.randint(0, 2))])

    def times(most):
        return frozenset(rng.sample(SLOTS, rng.randint(1, most)))

    mentors = [
        scoring.Mentor(
            id=i,
            discipline=rng.randint(1, 12),
            expertise=frozenset(rng.sample(range(15), rng.randint(2, 5))),
            channels=channels(),
            city=rng.choice(CITIES),
            languages=languages(),
            frequency=rng.choice(scoring.FREQUENCY_ORDER),
            availability=times(3),
            contact_times=times(2),
            years=rng.randint(2, 35),
            workplace_culture=rng.random() < 0.25,
            capacity=rng.randint(1, 3),
            active=0,
        )
        for i in range(n_mentors)
    ]
    mentees = [
        scoring.Mentee(
            id=100_000 + i,
            discipline=rng.randint(1, 12),
            wanted=frozenset(rng.sample(range(15), rng.randint(1, 4))),
            channels=channels(),
            city=rng.choice(CITIES),
            languages=languages(),
            frequency=rng.choice(scoring.FREQUENCY_ORDER),
            availability=times(3),
            contact_times=times(2),
            category=rng.choice(list(scoring.EXPERIENCE_FOR_CATEGORY)),
        )
        for i in range(n_mentees)
    ]
    return mentors, mentees


def bulk_2000x800():
    mentors, mentees = synthetic_program(2000, 800)
    forbidden = {(i, i % 800) for i in range(0, 2000, 50)}  # a few earlier "not a fit" pairs
    rematching = [i % 50 == 0 for i in range(2000)]
    waited = [i % 300 for i in range(2000)]
    started = time.perf_counter()
    scores = scoring.score_matrix(mentors, mentees)
    pairs = best_assignment(
        scores, [m.free for m in mentors], forbidden=forbidden, min_score=40, rematching=rematching, waited_days=waited
    )
    elapsed = time.perf_counter() - started
    assert pairs, "the benchmark proposed nothing"
    yield "matching.bulk_2000x800", f"{elapsed:.2f}", "s"
