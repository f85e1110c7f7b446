"""A synthetic program of any size, for benchmarks: people, active matches, months of check-ins and notebooks.

    python -m bench.synthetic [--people 10000] [--matches 4000] [--months 36]

Runs against DATABASE_URL, which must hold no people yet. Everything is made
with bulk inserts; passwords share one hash ("synthetic-pass").
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import datetime, timedelta
from datetime import timezone as tz
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")

BATCH = 5000
CHANNELS = ["in_person", "video", "phone", "email", "text"]
CITIES = ["Edmonton", "Calgary", "Red Deer", "Lethbridge", "Fort McMurray", "Grande Prairie", "Medicine Hat"]
QUARTERS = [Decimal(q) / 4 for q in range(13)]
SLOTS = ["weekday_mornings", "weekday_daytime", "weekday_evenings", "weekends"]


def build(
    *, people: int = 10_000, matches: int = 4_000, months: int = 36, seed: int = 2026, vacuum: bool = True
) -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from checkins import dates
    from checkins.models import HOURS_FIELDS, CheckIn, CheckInStatus, NotebookEntry
    from matches.models import Match, MatchStatus
    from profiles.models import Discipline, Profile, Topic, User

    if User.objects.exists():
        raise SystemExit("The database already has people; the synthetic program needs an empty one.")
    rng = random.Random(seed)
    n_mentors = max(people * 3 // 10, 1)
    n_mentees = people - n_mentors
    if matches > min(n_mentees, n_mentors * 3):
        raise SystemExit(f"{matches} matches do not fit {n_mentors} mentors (3 each at most) and {n_mentees} mentees.")
    now = datetime.now(tz.utc)
    this_month = dates.month_start(now.date())
    first_month = this_month
    for _ in range(months):
        first_month = dates.previous_month(first_month)
    password = make_password("synthetic-pass")

    with transaction.atomic():
        disciplines = [Discipline.objects.get_or_create(name=f"Discipline {i}")[0] for i in range(12)]
        topics = [Topic.objects.get_or_create(name=f"Topic {i}")[0] for i in range(15)]
        User.objects.bulk_create(
            [User(email=f"person{i}@synthetic.example", name=f"Person {i}", password=password) for i in range(people)],
            batch_size=BATCH,
        )
        users = list(User.objects.order_by("pk").values_list("pk", flat=True))
        mentor_ids, mentee_ids = users[:n_mentors], users[n_mentors:]
        profiles = []
        for i, user_id in enumerate(users):
            mentor = i < n_mentors
            profiles.append(
                Profile(
                    user_id=user_id,
                    role="mentor" if mentor else "mentee",
                    status="approved",
                    discipline=rng.choice(disciplines),
                    channels=rng.sample(CHANNELS, rng.randint(1, 3)),
                    city=rng.choice(CITIES),
                    languages=["English"],
                    meeting_frequency="monthly",
                    contact_times="Evenings",
                    bio="Synthetic person.",
                    availability_slots=rng.sample(SLOTS, rng.randint(1, 3)),
                    contact_time_slots=rng.sample(SLOTS, rng.randint(1, 2)),
                    years_experience=rng.randint(3, 30) if mentor else None,
                    capacity=3 if mentor else None,
                    availability="Evenings" if mentor else "",
                    category="" if mentor else "student",
                    goals="" if mentor else "Grow.",
                )
            )
        Profile.objects.bulk_create(profiles, batch_size=BATCH)
        expertise = Profile.expertise.through
        expertise.objects.bulk_create(
            [
                expertise(profile_id=p.pk, topic_id=t.pk)
                for p in Profile.objects.mentors()
                for t in rng.sample(topics, 3)
            ],
            batch_size=BATCH,
        )

        started = datetime.combine(first_month - timedelta(days=10), datetime.min.time(), tz.utc)
        Match.objects.bulk_create(
            [
                Match(
                    mentor_id=mentor_ids[i % n_mentors],
                    mentee_id=mentee_ids[i],
                    status=MatchStatus.ACTIVE,
                    started_at=started,
                    score=rng.randint(40, 100),
                )
                for i in range(matches)
            ],
            batch_size=BATCH,
        )
        active = list(Match.objects.values_list("pk", "mentor_id", "mentee_id"))

        checkins, notes = [], []
        month = first_month
        for _ in range(months):
            opened = datetime.combine(month, datetime.min.time(), tz.utc) + timedelta(hours=9)
            hours_month = dates.previous_month(month)
            for match_id, mentor_id, mentee_id in active:
                answered = rng.random() < 0.9
                hours = {h.field: rng.choice(QUARTERS) for h in HOURS_FIELDS}
                checkins.append(
                    CheckIn(
                        match_id=match_id,
                        person_id=mentor_id,
                        role="mentor",
                        month=month,
                        hours_month=hours_month,
                        opened_at=opened,
                        due_at=opened + timedelta(days=7),
                        status=CheckInStatus.ANSWERED if answered else CheckInStatus.MISSED,
                        answered_at=opened + timedelta(days=rng.randint(0, 9)) if answered else None,
                        partnership_status="going_well" if answered else "",
                        update="Fine." if answered else "",
                        **(hours if answered else {}),
                    )
                )
                checkins.append(
                    CheckIn(
                        match_id=match_id,
                        person_id=mentee_id,
                        role="mentee",
                        month=month,
                        hours_month=hours_month,
                        opened_at=opened,
                        due_at=opened + timedelta(days=7),
                        status=CheckInStatus.ANSWERED,
                        answered_at=opened + timedelta(days=2),
                        continues=True,
                        update="Good.",
                    )
                )
                notes.append(
                    NotebookEntry(
                        match_id=match_id,
                        author_id=mentee_id,
                        date=hours_month + timedelta(days=rng.randint(0, 27)),
                        form=rng.choice(["in_person", "email", "video", "phone", "other"]),
                        minutes=rng.choice([30, 45, 60, 90]),
                        topics="Career goals",
                        notes="Synthetic notes.",
                    )
                )
                if len(checkins) >= BATCH:
                    CheckIn.objects.bulk_create(checkins)
                    checkins.clear()
                if len(notes) >= BATCH:
                    NotebookEntry.objects.bulk_create(notes)
                    notes.clear()
            month = dates.next_month(month)
        # Contact since the last check-in for most pairs; about 3% have gone quiet (at risk).
        today = now.date()
        for match_id, _, mentee_id in active:
            if rng.random() < 0.97:
                notes.append(
                    NotebookEntry(
                        match_id=match_id,
                        author_id=mentee_id,
                        date=today - timedelta(days=rng.randint(0, 40)),
                        form="video",
                        minutes=45,
                        topics="Action plan review",
                        notes="Synthetic notes.",
                    )
                )
        CheckIn.objects.bulk_create(checkins)
        NotebookEntry.objects.bulk_create(notes)
    if connection.vendor == "postgresql":  # statistics and visibility map, as autovacuum keeps them live
        with connection.cursor() as cursor:
            # Without ``vacuum``, statistics only (autovacuum's first, quick step): the tables as loaded.
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")

    return {
        "people": people,
        "mentors": n_mentors,
        "mentees": n_mentees,
        "active_matches": matches,
        "checkins": CheckIn.objects.count(),
        "notebook_entries": NotebookEntry.objects.count(),
        "months": f"{first_month:%Y-%m} to {dates.previous_month(this_month):%Y-%m}",
    }


# A program waiting to be matched: who ticks what, roughly as applications come in.
CHANNEL_ODDS = {"video": 0.75, "email": 0.6, "phone": 0.4, "in_person": 0.45, "text": 0.25}
CITY_WEIGHTS = [30, 30, 8, 8, 5, 5, 4]
FREQUENCIES = (["weekly", "fortnightly", "monthly", "bimonthly"], [10, 25, 50, 15])
CATEGORIES = (["student", "junior", "international"], [45, 35, 20])
OTHER_LANGUAGES = ["French", "Spanish", "Arabic", "Mandarin", "Punjabi", "Tagalog", "Hindi", "Ukrainian"]


def build_waiting(
    *, mentees: int = 10_000, mentors: int = 4_000, rematchers: int = 300, active: int = 1_000, seed: int = 2026
) -> dict:
    """Approved mentees all waiting for a match and approved mentors with free places, for the bulk proposal.

    ``rematchers`` of the waiting mentees had a match that closed as "not a fit";
    ``active`` more mentees are in active matches that take some mentors' places.
    Runs against an empty database (people-wise); bulk inserts throughout.
    """
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from matches.models import Match, MatchStatus
    from profiles.models import Discipline, Profile, Topic, User

    if User.objects.exists():
        raise SystemExit("The database already has people; the waiting program needs an empty one.")
    rng = random.Random(seed)
    now = datetime.now(tz.utc)
    password = make_password("synthetic-pass")
    disciplines = list(Discipline.objects.all()) or [
        Discipline.objects.create(name=f"Discipline {i}") for i in range(10)
    ]
    topics = list(Topic.objects.all()) or [
        Topic.objects.create(name=f"Topic {i}", workplace_culture=i == 4) for i in range(13)
    ]

    def channels():
        chosen = [c for c, odds in CHANNEL_ODDS.items() if rng.random() < odds]
        return chosen or [rng.choice(list(CHANNEL_ODDS))]

    def languages():
        spoken = ["English"] if rng.random() < 0.96 else []
        spoken += rng.sample(OTHER_LANGUAGES, rng.choice([0, 0, 0, 1, 1, 2]))
        return spoken or ["French"]

    total = mentees + mentors + active
    with transaction.atomic():
        User.objects.bulk_create(
            [User(email=f"waiting{i}@synthetic.example", name=f"Waiting {i}", password=password) for i in range(total)],
            batch_size=BATCH,
        )
        users = list(User.objects.order_by("pk").values_list("pk", flat=True))
        mentor_ids, mentee_ids = users[:mentors], users[mentors:]
        profiles = []
        for i, user_id in enumerate(users):
            mentor = i < mentors
            profiles.append(
                Profile(
                    user_id=user_id,
                    role="mentor" if mentor else "mentee",
                    status="approved",
                    discipline=rng.choice(disciplines),
                    channels=channels(),
                    city=rng.choices(CITIES, CITY_WEIGHTS)[0],
                    languages=languages(),
                    meeting_frequency=rng.choices(*FREQUENCIES)[0],
                    availability_slots=rng.sample(SLOTS, rng.randint(1, 3)),
                    contact_time_slots=rng.sample(SLOTS, rng.randint(1, 2)),
                    bio="Synthetic person.",
                    years_experience=rng.randint(2, 35) if mentor else None,
                    capacity=rng.randint(1, 3) if mentor else None,
                    availability="A few hours a month" if mentor else "",
                    category="" if mentor else rng.choices(*CATEGORIES)[0],
                    goals="" if mentor else "Grow.",
                    reviewed_at=now - timedelta(days=rng.randint(0, 300)),
                )
            )
        Profile.objects.bulk_create(profiles, batch_size=BATCH)
        through = Profile.expertise.through
        through.objects.bulk_create(
            [
                through(profile_id=p, topic_id=t.pk)
                for p in Profile.objects.mentors().values_list("pk", flat=True)
                for t in rng.sample(topics, rng.randint(3, 5))
            ],
            batch_size=BATCH,
        )
        focus_through = Profile.focus_areas.through
        focus_through.objects.bulk_create(
            [
                focus_through(profile_id=p, topic_id=t.pk)
                for p in Profile.objects.mentees().values_list("pk", flat=True)
                for t in rng.sample(topics, rng.randint(1, 3))
            ],
            batch_size=BATCH,
        )
        closed = now - timedelta(days=20)
        Match.objects.bulk_create(
            [
                Match(
                    mentor_id=rng.choice(mentor_ids),
                    mentee_id=mentee_ids[i],
                    status=MatchStatus.CLOSED,
                    close_reason="not_a_fit",
                    started_at=closed - timedelta(days=90),
                    closed_at=closed,
                )
                for i in range(rematchers)
            ]
            + [
                Match(
                    mentor_id=mentor_ids[i % mentors],
                    mentee_id=mentee_ids[mentees + i],
                    status=MatchStatus.ACTIVE,
                    started_at=closed,
                )
                for i in range(active)
            ],
            batch_size=BATCH,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return {"waiting mentees": mentees, "mentors": mentors, "re-matchers": rematchers, "active matches": active}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--matches", type=int, default=4_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--no-vacuum", action="store_true", help="ANALYZE only: the tables as loaded")
    args = parser.parse_args(argv)
    import django

    django.setup()
    started = time.perf_counter()
    counts = build(people=args.people, matches=args.matches, months=args.months, vacuum=not args.no_vacuum)
    print(f"Built in {time.perf_counter() - started:.1f} s: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    sys.exit(main())
