from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from core.cache import cached_copy

from .models import Heartbeat
from .services import SCHEDULER, heartbeat_key

# The beat job runs daily; a heartbeat older than this means the scheduler (or every worker) stopped.
HEARTBEAT_MAX_AGE = timedelta(hours=26)


@dataclass(frozen=True)
class HeartbeatStatus:
    beat_at: datetime | None
    age: timedelta | None

    @property
    def stale(self) -> bool:
        return self.age is None or self.age > HEARTBEAT_MAX_AGE

    @property
    def hours(self) -> int | None:
        return None if self.age is None else int(self.age.total_seconds() // 3600)

    def describe(self) -> str:
        if self.beat_at is None:
            return "the scheduler (celery beat) has never run its daily job"
        verdict = "stale: is celery beat running?" if self.stale else "ok"
        limit = HEARTBEAT_MAX_AGE.total_seconds() / 3600
        return f"the scheduler's daily job last ran {self.hours} h ago (limit {limit:.0f} h), {verdict}"


CACHED_SECONDS = 300


def heartbeat_status(name: str = SCHEDULER, *, cached: bool = False) -> HeartbeatStatus:
    """How long ago ``name`` last beat. ``cached``: from a copy in the cache (for the dashboard's warning,
    which every view of it shows; a new beat drops the copy), else from the row (for /health/)."""

    def read():
        return Heartbeat.objects.filter(name=name).values_list("beat_at", flat=True).first()

    beat_at = cached_copy(heartbeat_key(name), read, timeout=CACHED_SECONDS) if cached else read()
    return HeartbeatStatus(beat_at=beat_at, age=None if beat_at is None else timezone.now() - beat_at)
