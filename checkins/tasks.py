from celery import shared_task

from . import services


@shared_task
def checkins_daily_task():
    """Every morning: open the month's check-ins on the check-in day, write the reminders that are due,
    and nudge the pairs that became quiet."""
    opened = services.checkins_open_if_due()
    reminded = services.checkins_remind()
    nudged = services.quiet_pairs_nudge()
    services.month_figures_refresh()
    return {"opened": opened.created if opened else 0, "reminders": reminded, "quiet_pairs": nudged}
