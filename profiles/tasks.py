from celery import shared_task

from . import services


@shared_task
def applications_digest_task():
    """Every morning: tell the coordinators about the applications that arrived since yesterday."""
    return services.applications_digest()
