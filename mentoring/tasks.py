import smtplib

from celery import shared_task

from mentoring.emails import make_message

# Trouble reaching the mail server is worth retrying; a bad message is not.
SMTP_TROUBLE = (smtplib.SMTPException, ConnectionError, TimeoutError, OSError)


@shared_task(autoretry_for=SMTP_TROUBLE, retry_backoff=5, retry_backoff_max=600, max_retries=8)
def send_email_task(*, to: list[str], subject: str, text: str, html: str, reply_to: list[str] | None = None):
    """Deliver one rendered e-mail; SMTP trouble is retried with back-off."""
    make_message(to=to, subject=subject, text=text, html=html, reply_to=reply_to).send()
