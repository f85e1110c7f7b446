"""The cache as a place to keep copies, never the only record: a call that fails is logged and answers
None, so a page or a write never breaks because Redis is down; the caller reads the database instead.

    kept = cache_call("get_many", [KEY_A, KEY_B]) or {}
"""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def cache_call(method: str, *args, **kwargs):
    """``cache.<method>(*args, **kwargs)``, or None (logged) when the cache does not answer."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception:
        logger.warning("the cache did not answer (%s)", method, exc_info=True)
        return None


def forget_on_commit(*keys: str) -> None:
    """Drop cached copies of rows this transaction changes: now, so nothing reads the old copy meanwhile,
    and again on commit, so a copy another request took from the old rows before the commit goes too."""
    cache_call("delete_many", list(keys))
    transaction.on_commit(lambda: cache_call("delete_many", list(keys)))
