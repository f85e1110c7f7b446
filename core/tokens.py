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

from asgiref.local import Local
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

# Within one request, each token is read from the cache once (a page's selectors ask for the same token
# several times): as if the request had read them all when it began. Outside a request (a task, a
# command), every call reads the cache.
_request = Local()


def token(key: str) -> str:
    """The current token under ``key``, made if the cache has none; "" when the cache does not answer."""
    read: dict[str, str] | None = getattr(_request, "tokens", None)
    if read is not None and key in read:
        return read[key]
    current = cache.get(key)
    if current is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        current = cache.get(key)
    if read is not None and current:
        read[key] = current
    return current or ""


def replace(key: str) -> None:
    """What was derived under ``key``'s token is stale: a new token now, and another once this transaction commits."""
    _set(key)
    transaction.on_commit(lambda: _set(key))


def _set(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, timeout=None)
    read: dict[str, str] | None = getattr(_request, "tokens", None)
    if read is not None:
        read.pop(key, None)  # this request reads the new one


def _begin(**kwargs) -> None:
    _request.tokens = {}


def _end(**kwargs) -> None:
    _request.tokens = None


request_started.connect(_begin, dispatch_uid="core.tokens.begin")
request_finished.connect(_end, dispatch_uid="core.tokens.end")
