from celery import shared_task

from . import services


@shared_task
def export_build_task(export_id: int):
    """Builds one person's ZIP and e-mails its link."""
    return services.export_build(export_id=export_id)


@shared_task
def retention_daily_task():
    """Every night: delete what is past its time (counts kept, never content)."""
    return services.retention_apply().counts
