from celery import shared_task

from .snapshot import snapshot_refresh


@shared_task
def snapshot_refresh_task():
    """Beat, every minute: compute the dashboard's figures and keep them (``dashboard.snapshot``)."""
    snapshot_refresh()
