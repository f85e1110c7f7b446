"""What /health/ looks at: the database, the cache, the broker, the documents storage, the scheduler, the outbox.

Each check answers ``(ok, detail)``. A failure is named by the exception's class, never its message,
which may carry an address with a password in it.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

from core.cache import ResilientRedisCache
from outbox.selectors import outbox_backlog

from .selectors import heartbeat_status

Result = tuple[bool, str]


def database() -> Result:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return True, connection.vendor


def cache_roundtrip() -> Result:
    backend = caches["default"]
    resilient = backend if isinstance(backend, ResilientRedisCache) else None
    if resilient is not None:
        resilient.last_error = None  # it notes an outage here instead of raising it
    key, value = f"health:{uuid.uuid4().hex}", uuid.uuid4().hex
    backend.set(key, value, 30)
    found = backend.get(key)
    backend.delete(key)
    if found == value:
        return True, "read back what was written"
    if resilient is not None and resilient.last_error is not None:
        return False, f"failed: {type(resilient.last_error).__name__}"
    return False, "wrote a value and read back another"


def broker() -> Result:
    url = getattr(settings, "CELERY_BROKER_URL", "") or ""
    if not url.startswith(("redis://", "rediss://")):
        return True, "none: tasks run in-process"
    import redis  # only when a Redis broker is configured

    client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
    try:
        return bool(client.ping()), "redis answered"
    finally:
        client.close()


def storage() -> Result:
    store = storages["documents"]
    name = store.save(f"health/probe-{uuid.uuid4().hex}.txt", ContentFile(b"probe"))
    try:
        with store.open(name) as handle:
            same = handle.read() == b"probe"
    finally:
        store.delete(name)
    return same, "wrote, read and deleted a probe" if same else "read back other bytes than written"


def scheduler() -> Result:
    status = heartbeat_status()
    return not status.stale, status.describe()


def outbox() -> Result:
    """E-mails due for minutes that no worker took, or claims a stopped worker left: the workers or beat are away.
    E-mails waiting for a retry after a temporary refusal are not counted (the dashboard shows them as delayed)."""
    backlog = outbox_backlog()
    return not backlog.late, backlog.describe()


CHECKS: dict[str, Callable[[], Result]] = {
    "database": database,
    "cache": cache_roundtrip,
    "broker": broker,
    "storage": storage,
    "scheduler_heartbeat": scheduler,
    "outbox": outbox,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            ok, detail = check()
        except Exception as exc:  # a health check reports every failure instead of raising it
            ok, detail = False, f"failed: {type(exc).__name__}"
        results[name] = {"ok": ok, "detail": detail, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return results
