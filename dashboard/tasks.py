from celery import shared_task
from .figures import QUEUED_KEY, _cache, figures_refresh


@shared_task
def figures_refresh_task():
    """Recompute the dashboard's snapshot: soon after a change (one per burst) and every minute from beat."""
    _cache("delete", QUEUED_KEY)  # a change from now on queues another refresh
    figures_refresh()
