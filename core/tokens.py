"""Change tokens: a random value kept in the shared cache under a key, replaced by every write that makes
something derived from the data stale. Whoever keeps a derived copy (a process's matching pool, a month's
counts, the names copied as sort keys) keeps it under the token it read, and reads the data again once the
token has changed.

The token is replaced at once and again after the writing transaction commits, so that a reader that read
the old rows between the two does not keep them. A cache that forgot the key gives a new token; one that
does not answer gives "", which no keeper may trust.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction


def token(key: str) -> str:
    """The current token under ``key``, made if the cache has none; "" when the cache does not answer."""
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        current = cache.get(key)
    return current or ""


def replace(key: str) -> None:
    """What was derived under ``key``'s token is stale: a new token now, and another once this transaction commits."""
    cache.set(key, uuid.uuid4().hex, timeout=None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, timeout=None))
