from celery import shared_task

from . import services


@shared_task
def surveys_remind_task():
    """Every morning: one reminder to those who have not answered their closing survey after a week."""
    return services.surveys_remind()
