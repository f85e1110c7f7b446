from django.utils import timezone

from core.cache import forget_on_commit

from .models import Heartbeat

SCHEDULER = "scheduler"


def heartbeat_key(name: str) -> str:
    return f"health:heartbeat:{name}"


def heartbeat_record(*, name: str = SCHEDULER) -> None:
    """Write that the scheduled job ``name`` ran now (idempotent: one row per name)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
    forget_on_commit(heartbeat_key(name))
