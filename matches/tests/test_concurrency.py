"""M5: two coordinators publishing at once cannot take a mentor over capacity (PostgreSQL row locks)."""

import threading
import time
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from matches.models import Match, MatchStatus
from matches.services import MatchError, match_publish
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_at_once_never_overfills_a_mentor(coordinator):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite has no row locks to test")
    mentor = ProfileFactory(mentor=True, capacity=1).user
    drafts = [
        Match.objects.create(mentor=mentor, mentee=ProfileFactory().user, status=MatchStatus.PROPOSED) for _ in range(2)
    ]
    barrier = threading.Barrier(len(drafts))
    results: list[object] = []
    real_now = timezone.now

    def slow_now():
        # Widen the gap between counting the mentor's load and saving, where a race would happen.
        time.sleep(0.3)
        return real_now()

    def publish(match):
        try:
            barrier.wait()
            results.append(match_publish(match=match, by=coordinator))
        except MatchError as exc:
            results.append(str(exc))
        finally:
            connection.close()

    with mock.patch("matches.services.timezone.now", side_effect=slow_now):
        threads = [threading.Thread(target=publish, args=(draft,)) for draft in drafts]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert Match.objects.active().filter(mentor=mentor).count() == 1
    assert sorted(results, key=str) == sorted([True, f"{mentor} is full: 1 of 1 places taken."], key=str)
