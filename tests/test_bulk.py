"""``core.bulk.insert_ignoring_conflicts``: many rows in one statement, those already there skipped, and
the rows as ``bulk_create`` writes them (defaults, times, JSON with each field's encoder)."""

from datetime import date

import pytest
from django.db import connection

from core.bulk import insert_ignoring_conflicts
from outbox.models import Message, MessageStatus

pytestmark = pytest.mark.django_db


def test_rows_are_written_once_and_counted():
    Message.objects.create(key="bulk:1", to=["old@example.org"], subject="Already there", due_at="2026-01-01T00:00Z")
    rows = [
        Message(
            key=f"bulk:{n}",
            to=[f"p{n}@example.org"],
            subject=f"Subject {n} — Zoë",
            template="checkins/open",
            context={"n": n, "day": date(2026, 12, 1), "names": ["Zoë", 'R&D "quoted"']},
            headers={"List-Unsubscribe": "<https://example.org/u/1>"},
            due_at="2026-12-06T10:00:00.123456+00:00",
        )
        for n in range(1, 4)
    ]
    written = insert_ignoring_conflicts(Message, rows)
    if connection.vendor == "postgresql":
        assert written == 2, "the row whose key was there is skipped, and the count says so"
    else:
        assert written == -1, "bulk_create cannot count: the caller does"
    assert Message.objects.get(key="bulk:1").subject == "Already there"
    second = Message.objects.get(key="bulk:2")
    assert second.uid == rows[1].uid
    assert second.to == ["p2@example.org"]
    assert second.subject == "Subject 2 — Zoë"
    assert second.context == {"n": 2, "day": "2026-12-01", "names": ["Zoë", 'R&D "quoted"']}
    assert second.headers == {"List-Unsubscribe": "<https://example.org/u/1>"}
    assert (second.status, second.attempts, second.error) == (MessageStatus.QUEUED, 0, "")
    assert second.due_at.isoformat() == "2026-12-06T10:00:00.123456+00:00"
    assert second.created_at is not None
    assert (second.claim, second.sent_at) == (None, None)
    assert insert_ignoring_conflicts(Message, []) == 0
