from celery import shared_task

from . import services


@shared_task
def matches_propose_bulk_task(run_id: int):
    """The bulk proposal the coordinator started; a retry of a claimed run does nothing."""
    run = services.proposal_run(run_id=run_id)
    return {"proposed": run.proposed if run else None}
