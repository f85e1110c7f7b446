from celery import shared_task

from mentoring.tasks import SMTP_TROUBLE

from . import services


@shared_task(autoretry_for=SMTP_TROUBLE, retry_backoff=2, retry_backoff_max=120, max_retries=12)
def send_checkin_emails_task(checkin_ids: list[int], kind: str):
    return services.checkin_emails_send(checkin_ids=checkin_ids, kind=kind)


@shared_task
def checkins_daily_task():
    """Every morning: open the month's check-ins on the check-in day, and send the reminders that are due."""
    opened = services.checkins_open_if_due()
    reminded = services.checkins_remind()
    return {"opened": opened.created if opened else 0, "reminders": reminded}
