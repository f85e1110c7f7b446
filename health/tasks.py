from celery import shared_task

from .services import heartbeat_record


@shared_task
def heartbeat_task():
    """Run daily by celery beat: proves that beat schedules and a worker runs (checked by /health/)."""
    heartbeat_record()
