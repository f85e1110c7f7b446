from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.linkpages import link_problem
from core.signing import BadLink

from . import links, selectors, services
from .forms import PreferencesForm
from .kinds import KINDS
from .models import Notification

PER_PAGE = 30


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    days = [
        (day, list(items)) for day, items in groupby(page.object_list, key=lambda n: timezone.localdate(n.created_at))
    ]
    return render(
        request,
        "notifications/list.html",
        {"page": page, "days": days, "today": timezone.localdate(), "unread": selectors.unread_count(request.user)},
    )


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark it read and go to the thing it is about."""
    try:
        notification = services.notification_read(user=request.user, notification_id=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    else:
        messages.info(request, "Nothing was unread.")
    return redirect("notifications:list")


@login_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    """The account page's notifications section posts here, and goes back there."""
    form = PreferencesForm(request.POST)
    if form.is_valid():
        services.preferences_set(user_id=request.user.id, deliveries=form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Your e-mail preferences are saved.")
    else:
        messages.error(request, "Those preferences could not be saved: please choose one option for each.")
    return redirect(reverse("account") + "#notifications")


@csrf_exempt  # RFC 8058: the mail program POSTs without a session; the signed token is the authority
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a page with a button (mail scanners open links); only the POST turns e-mail off."""
    try:
        user_id, kind = links.read(token)
    except BadLink as problem:
        return link_problem(
            request, problem.reason, what="unsubscribe link", expired="Unsubscribe links work for 180 days."
        )
    if kind and kind not in KINDS:
        return link_problem(request, "invalid", what="unsubscribe link", expired="")
    label = KINDS[kind].label if kind else "you chose a daily digest"
    if request.method == "POST":
        turned_off = services.unsubscribe(user_id=user_id, kind=kind)
        return render(request, "notifications/unsubscribed.html", {"turned_off": turned_off, "kind": kind})
    return render(request, "notifications/unsubscribe.html", {"label": label, "kind": kind})
