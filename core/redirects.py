"""Where to go after a form: the ``next`` a page sent, when it is an address of this site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_next(request: HttpRequest, default: str, *args: object) -> HttpResponseRedirect:
    """Redirect to the request's ``next`` if it stays on this site (``//evil.example/x``, ``https://…``
    and ``/\\evil`` do not), otherwise to ``default`` (a URL name or a path, reversed with ``args``)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(target)
    return redirect(default, *args)
