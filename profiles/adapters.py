import ipaddress
import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.html import strip_tags

from outbox.services import message_queue

from .mail import program_email, program_email_for

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_taken": (
            "There is already an account with this e-mail address. "
            "Please log in, or reset your password if you have forgotten it."
        ),
    }

    def get_client_ip(self, request) -> str:
        """allauth's answer; but when ``ALLAUTH_TRUSTED_PROXY_COUNT`` says more proxies than the request
        came through, allauth raises (a 500 on every login). Then the first address of
        ``X-Forwarded-For`` is the client's (the outermost proxy wrote it), and the mismatch is logged
        as an error for the operator to fix."""
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            forwarded = request.headers.get("x-forwarded-for", "")
            logger.error(
                "ALLAUTH_TRUSTED_PROXY_COUNT is larger than the number of proxies in X-Forwarded-For "
                "(%d address(es)): set it to the number of proxies in front of the app",
                len(forwarded.split(",")),
            )
            try:
                return str(ipaddress.ip_address(forwarded.split(",")[0].strip()))
            except ValueError:
                raise PermissionDenied("Unable to determine client IP address") from None

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Send allauth's e-mails through the app's own templates and the outbox.

        ``account/email/login_code`` is rendered from ``emails/account/login_code-*``;
        an allauth e-mail we have not written ourselves keeps allauth's wording.
        """
        name = "account/" + template_prefix.rsplit("/", 1)[-1]
        try:
            get_template(f"emails/{name}-subject.txt")
        except TemplateDoesNotExist:
            message = self.render_mail(template_prefix, email, {"email": email, **context})
            html = next((body for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
            if message.content_subtype == "html":
                html, text = message.body, strip_tags(message.body)
            else:
                text = message.body
            reply_to = program_email_for(name=name, to=[email]).reply_to
            message_queue(to=[email], subject=message.subject, text=text, html=html, reply_to=reply_to)
            return
        program_email(name=name, to=[email], context={"email": email, **context})
