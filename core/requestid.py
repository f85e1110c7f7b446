"""A request id for every request, in the response (``X-Request-ID``) and on every log line written
while the request is served, so a user's report ("it failed at 14:02, id 3f9c…") finds the log line.
"""

from __future__ import annotations

import contextvars
import re
import uuid

from django.core.signals import request_finished

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")

# A proxy's own id is kept when it looks like one (letters, digits, dashes; not too long).
_ACCEPTED = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_id() -> str:
    return _request_id.get()


class RequestIdMiddleware:
    """Takes the proxy's ``X-Request-ID`` when it is sane, or makes one; answers it back."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.id = offered if _ACCEPTED.match(offered) else uuid.uuid4().hex
        # Kept until the response is closed: Django logs "Not Found" and errors after the middleware.
        _request_id.set(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


def _forget(**kwargs):
    _request_id.set("")


request_finished.connect(_forget, dispatch_uid="core.requestid.forget")
