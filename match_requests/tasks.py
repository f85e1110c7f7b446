from celery import shared_task

from . import services


@shared_task
def requests_expire_task():
    """Requests whose mentor did not answer in time pass to the next choice; each exactly once."""
    return {"expired": services.requests_expire()}
