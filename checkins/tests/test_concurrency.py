"""C1: two openers of the same month at once report what each created, and together the truth (PostgreSQL)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from checkins.models import CheckIn
from checkins.services import checkins_open_month
from matches.tests.factories import MatchFactory
from outbox.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_openers_at_once_add_up_to_the_rows_and_emails_written():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite writes one transaction at a time")
    for _ in range(30):
        MatchFactory()
    barrier = threading.Barrier(2)
    results = []

    def open_month():
        try:
            barrier.wait()
            results.append(checkins_open_month(month=timezone.localdate()))
        finally:
            connection.close()

    threads = [threading.Thread(target=open_month) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == 2
    assert sum(r.created for r in results) == CheckIn.objects.count() == 60
    assert sum(r.queued for r in results) == Message.objects.count() == 60
