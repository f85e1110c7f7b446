"""Two-factor authentication (allauth.mfa: an authenticator app, with recovery codes) is required of
coordinators, who can read what the whole program confides; participants may turn it on.

Whether a session still needs it is decided once, when the person logs in, and kept in the session,
so pages cost no query for it: a coordinator without an authenticator app is sent to set one up
before any other page opens, and is let through as soon as it is on.
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib import messages
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect

SESSION_KEY = "profiles.mfa_setup_required"
# What a coordinator without two-factor may still open: allauth's pages (to set it up, or log out).
OPEN_PATHS = ("/accounts/", "/static/", "/healthz", "/favicon.ico")


SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]  # recovery codes only back these up


def needs_setup(user) -> bool:
    return user.is_coordinator and not Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists()


@receiver(user_logged_in, dispatch_uid="profiles.mfa.logged_in")
def _on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        if needs_setup(user):
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)


@receiver(authenticator_added, dispatch_uid="profiles.mfa.added")
@receiver(authenticator_removed, dispatch_uid="profiles.mfa.removed")
def _on_change(sender, request, user, **kwargs):
    if request is not None:
        _on_login(sender, request, user)


class CoordinatorTwoFactorMiddleware:
    """Sends a coordinator who has not set up two-factor authentication to do so first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The path first: /healthz and static files must not load the session.
        if not request.path.startswith(OPEN_PATHS) and request.session.get(SESSION_KEY):
            if request.user.is_authenticated and needs_setup(request.user):
                messages.warning(
                    request,
                    "Coordinators see what the whole program confides: set up two-factor "
                    "authentication (an authenticator app) before anything else.",
                )
                return redirect("mfa_activate_totp")
            request.session.pop(SESSION_KEY, None)
        return self.get_response(request)


def totp_enroll(*, user, secret: str | None = None) -> str:
    """Turn on two-factor for ``user`` with ``secret`` (base32; a new one if None), with recovery codes.
    For the demo and tests; people set it up themselves on the account pages. Returns the secret."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = secret or generate_totp_secret()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).exists():
        RecoveryCodes.activate(user)
    return secret


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at the Unix time ``at``)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD))
