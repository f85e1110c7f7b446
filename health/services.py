from django.utils import timezone

from .models import Heartbeat

SCHEDULER = "scheduler"


def heartbeat_record(*, name: str = SCHEDULER) -> None:
    """Write that the scheduled job ``name`` ran now (idempotent: one row per name)."""
    Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
