"""Two-factor authentication (allauth.mfa: an authenticator app, with recovery codes) is required of
coordinators, who can read what the whole program confides; participants may turn it on.

Whether a session still needs it is decided once, when the person logs in, and kept in the session,
so pages cost no query for it: a coordinator without an authenticator app is sent to set one up
before any other page opens, and is let through as soon as it is on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

from allauth.mfa import app_settings
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


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at the Unix time ``at``): RFC 6238 with
    allauth's period and digits. ``seed_demo`` prints the demo coordinator's; tests type it to log in."""
    counter = int(at if at is not None else time.time()) // app_settings.TOTP_PERIOD
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = int.from_bytes(digest[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 10**app_settings.TOTP_DIGITS:0{app_settings.TOTP_DIGITS}}"
