"""Beat jobs that tie apps together: only the project may hand the program's settings to the ground floor."""

from celery import shared_task

from notifications.services import digests_send
from profiles.mail import program_context
from profiles.models import ProgramSettings


@shared_task
def notifications_digest_task():
    """Every evening: each person who chose the daily digest gets one e-mail with what happened (N1), exactly
    once per person and day however often this runs (``notifications.services.digests_send``)."""
    program = ProgramSettings.load()
    reply_to = [program.contact_email] if program.contact_email else []
    return digests_send(program=program_context(program), reply_to=reply_to)
