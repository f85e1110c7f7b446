from celery import shared_task

from mentoring.tasks import SMTP_TROUBLE

from . import services


@shared_task(autoretry_for=SMTP_TROUBLE, retry_backoff=5, retry_backoff_max=600, max_retries=8)
def agreement_finalise_task(agreement_id: int):
    services.agreement_finalise(agreement_id=agreement_id)
