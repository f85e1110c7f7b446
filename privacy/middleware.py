"""Asks a participant to agree to the privacy notice (V5) when they have not agreed to its current version.

At most one query per session: once the person has agreed (or was found to have agreed), the version is
kept in their session. Coordinators are the association's staff and are not asked. Only page views (GET)
are sent to the consent page; logging out, the notice itself, allauth's pages and links carrying their
own token go through.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import has_consented

ALWAYS_OPEN = ("/privacy/", "/accounts/", "/static/", "/health", "/admin/", "/favicon.ico")
SESSION_KEY = "privacy_consent"


class ConsentMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_ask(request):
            return redirect(f"{reverse('privacy:consent')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_ask(self, request) -> bool:
        if not getattr(settings, "PRIVACY_ASK_CONSENT", True) or request.method != "GET":
            return False
        if request.path.startswith(ALWAYS_OPEN):  # before the user: it costs the session's and the user's reads
            return False
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_coordinator:
            return False
        version = settings.PRIVACY_NOTICE_VERSION
        if request.session.get(SESSION_KEY) == version:
            return False
        if has_consented(user, version):
            request.session[SESSION_KEY] = version
            return False
        return True
