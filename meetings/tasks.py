from celery import shared_task

from . import services


@shared_task
def meetings_remind_task():
    """Every ten minutes: remind both partners of the planned meetings whose reminder's moment has come."""
    return {"reminded": services.meeting_reminders_send()}


@shared_task
def meetings_ask_task():
    """Every morning: ask about yesterday's meetings ("did you meet?")."""
    return {"asked": services.meetings_ask()}
