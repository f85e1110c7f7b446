"""The cache as a place to keep copies, never the only record: a call that fails is logged and answers
None, so a page or a write never breaks because Redis is down; the caller reads the database instead.

    kept = cache_call("get_many", [KEY_A, KEY_B]) or {}

``ResilientRedisCache`` (the cache backend in production) does the same for every caller, libraries
included; ``cache_call`` still guards our own calls on any backend.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def cache_call(method: str, *args, **kwargs):
    """``cache.<method>(*args, **kwargs)``, or None (logged) when the cache does not answer."""
    try:
        return getattr(cache, method)(*args, **kwargs)
    except Exception:
        logger.warning("the cache did not answer (%s)", method, exc_info=True)
        return None


def cached_copy(key: str, load, *, timeout: int):
    """What ``load()`` reads from the database (None included), from its copy in the cache when there
    is one; else read, and the copy kept for ``timeout`` seconds. A write drops it (``forget_on_commit``)."""
    kept = cache_call("get", key)
    if isinstance(kept, tuple):  # the value in a tuple, so a kept None is told from no copy
        return kept[0]
    value = load()
    cache_call("set", key, (value,), timeout=timeout)
    return value


def forget_on_commit(*keys: str) -> None:
    """Drop cached copies of rows this transaction changes: now, so nothing reads the old copy meanwhile,
    and again on commit, so a copy another request took from the old rows before the commit goes too."""
    cache_call("delete_many", list(keys))
    transaction.on_commit(lambda: cache_call("delete_many", list(keys)))


class _KeptClients(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool instead of making one per call:
    each is made with a table of some 170 reply handlers, which cost more than a GET on a page that reads the
    cache eight times. A ``redis.Redis`` takes a connection from its pool for each command; it may be shared."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    # Django's own get_client, but kept: its private helpers are not in django-stubs.
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = self._clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, except that when Redis does not answer, reads miss and writes are dropped
    instead of raising: a Redis outage costs speed (copies are read from the database) and allauth's
    rate limits (its lock is taken as granted, its counts read as empty), never a page or a login.
    /health/ reports the outage (``last_error``), and it is logged as an error once a minute."""

    last_error: Exception | None = None
    _logged_at = 0.0

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = _KeptClients

    def _failed(self, method: str, error: Exception) -> None:
        self.last_error = error
        now = time.monotonic()
        if now - ResilientRedisCache._logged_at >= 60:
            ResilientRedisCache._logged_at = now
            logger.error(
                "Redis (the cache) did not answer %s: %s. Pages go on without it: login rate limits "
                "are off and cached copies are read from the database until it is back.",
                method,
                type(error).__name__,
            )

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._failed("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._failed("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except RedisError as error:
            self._failed("has_key", error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._failed("add", error)
            return True  # as if added: a lock taken with add (allauth's rate limits) lets the request on

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._failed("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except RedisError as error:
            self._failed("set_many", error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except RedisError as error:
            self._failed("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._failed("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except RedisError as error:
            self._failed("delete_many", error)
