from celery import shared_task

from core.cache import cache_call

from .figures import QUEUED_KEY, figures_refresh


@shared_task
def figures_refresh_task():
    """Recompute the dashboard's snapshot: soon after a change (one per burst) and every minute from beat."""
    cache_call("delete", QUEUED_KEY)  # a change from now on queues another refresh
    figures_refresh()
