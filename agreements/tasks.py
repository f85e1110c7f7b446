from celery import shared_task
from django.db import DatabaseError

from . import finalise


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=5, retry_backoff_max=300, max_retries=8)
def agreement_finalise_task(agreement_id: int):
    finalise.agreement_finalise(agreement_id=agreement_id)


@shared_task
def agreements_finalise_pending_task():
    """The sweep: finish agreements whose own task was lost."""
    return finalise.agreements_finalise_pending()
