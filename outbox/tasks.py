from celery import shared_task
from django.db import DatabaseError

from . import sending


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=2, retry_backoff_max=60, max_retries=5)
def outbox_flush_task():
    """Look at the outbox now: send what is due. Carries no state; the sweep runs the same task."""
    report = sending.outbox_flush()
    return {"sent": report.sent, "failed": report.failed, "retrying": report.retrying}
