import ipaddress
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from outbox.services import email_queue

from . import emails

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
        name = template_prefix.rsplit("/", 1)[-1]
        if emails.account_in_own_words(name):
            email_queue(emails.account(name, to=email, context=context))
        else:
            message = self.render_mail(template_prefix, email, {"email": email, **context})
            email_queue(emails.account_as_allauth_wrote_it(name, to=email, message=message))


class MFAAdapter(DefaultMFAAdapter):
    def is_mfa_enabled(self, user, types=None) -> bool:
        """allauth's answer, from one read of the person's authenticators per page: allauth asks once per kind,
        and twice a page (six queries on each account page). A page read (GET) changes no authenticator;
        a form sent (POST) asks the database each time, as allauth does."""
        request = context.request
        if user.is_anonymous or request is None or request.method not in ("GET", "HEAD"):
            return super().is_mfa_enabled(user, types=types)
        known = request.__dict__.setdefault("_mfa_types", {})
        if user.pk not in known:
            known[user.pk] = set(Authenticator.objects.filter(user_id=user.pk).values_list("type", flat=True))
        found = known[user.pk]
        return bool(found) if types is None else any(kind in found for kind in types)
