from celery import shared_task

from . import services


@shared_task
def checkins_daily_task():
    """Every morning: open the month's check-ins on the check-in day, and write the reminders that are due."""
    opened = services.checkins_open_if_due()
    reminded = services.checkins_remind()
    return {"opened": opened.created if opened else 0, "reminders": reminded}
