from celery import shared_task

from . import services


@shared_task
def plans_daily_task():
    """Every morning: remind both partners of the plan checkpoints coming up."""
    return {"reminders": services.checkpoints_remind()}
