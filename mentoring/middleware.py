"""The program's own "page not found" in development too.

With ``DEBUG`` on (``make run``), Django answers a view's ``Http404`` with its technical page: no
navigation, no account menu, as if the person were logged out. People trying the program meet
404s on purpose (a page that is not theirs answers 404), so they get the page production shows,
with the navigation kept; Django logs it as
always, and the reason is in an HTML comment for developers.
An address that matches no URL still gets Django's page listing the URLs, which is for developers.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponseNotFound
from django.template.loader import render_to_string


class NotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not (settings.DEBUG and isinstance(exception, Http404)):
            return None
        body = render_to_string("404.html", {"debug_reason": str(exception)}, request=request)
        return HttpResponseNotFound(body)
