import smtplib

from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(
    autoretry_for=(smtplib.SMTPException, ConnectionError, TimeoutError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=8,
)
def send_email_task(*, to: list[str], subject: str, text: str, html: str, reply_to: list[str] | None = None):
    """Deliver one rendered e-mail; SMTP trouble is retried with back-off."""
    message = EmailMultiAlternatives(subject=subject, body=text, to=to, reply_to=reply_to or None)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
