"""Remembering when a coordinator last changed something, so their dashboard shows it at once."""

import time

from .snapshot import OWN_CHANGE_KEY

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class OwnChangesMiddleware:
    """After a coordinator's POST (or other writing method) that did not fail, keep its time in the
    session: their dashboard then reads no snapshot that began before it (``snapshot.figures_for``)
    and computes the figures live until beat's next refresh. The view has returned, so what it
    wrote is committed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and user.is_coordinator:
                request.session[OWN_CHANGE_KEY] = time.time()
        return response
