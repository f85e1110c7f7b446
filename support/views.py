from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from audit import services as audit
from audit.models import Kind
from core.ids import id_or_none
from core.linkpages import link_problem
from core.signing import BadLink
from matches.models import Match
from profiles.access import coordinator_required

from . import links, selectors, services
from .access import get_concern_for, get_resource_for, own_matches
from .forms import ConcernForm, ConcernUpdateForm, ResourceForm
from .models import ConcernStatus, Source


def _reported(request, concern, created):
    if not created:
        messages.info(request, "We already have this report: it was sent once.")
    elif concern.urgent:
        messages.success(
            request,
            "Thank you for telling us. The coordinator has been alerted and will contact you "
            "as soon as possible. If you are in danger, call emergency services.",
        )
    else:
        messages.success(
            request, "Thank you for telling us. The coordinator will read it in confidence; your partner is not told."
        )


@login_required
@require_http_methods(["GET", "POST"])
def report(request):
    if request.user.is_coordinator:
        raise Http404
    matches = own_matches(request.user)
    wanted = request.GET.get("match", "")
    initial = {"match": id_or_none(wanted)} if id_or_none(wanted) in {m.pk for m in matches} else {}
    form = ConcernForm(request.POST if request.method == "POST" else None, matches=matches, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            match = next((m for m in matches if m.pk == form.cleaned_data.get("match")), None)
            concern, created = services.concern_report(
                reporter=request.user,
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
                match=match,
            )
            _reported(request, concern, created)
            return redirect("support:mine")
        messages.error(request, "Please correct the highlighted fields; nothing was sent.")
    return render(request, "support/report.html", {"form": form, "by_link": False})


def _link_problem(request, reason):
    return link_problem(
        request,
        reason,
        what="report",
        expired="Links in e-mails work for two months.",
        remedy="report",
        login_next=reverse("support:report"),
    )


@require_http_methods(["GET", "POST"])
def report_by_link(request, token):
    try:
        reporter = links.reporter_of(token)
    except BadLink as problem:
        return _link_problem(request, problem.reason)
    person = get_user_model().objects.filter(pk=reporter.person_id, is_active=True).first()
    if person is None:  # an account closed (or removed) since: they may still write to the coordinator
        return _link_problem(request, "invalid")
    match = Match.objects.filter(pk=reporter.match_id).first() if reporter.match_id else None
    form = ConcernForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            concern, created = services.concern_report(
                reporter=person,
                category=form.cleaned_data["category"],
                text=form.cleaned_data["text"],
                match=match,
                source=Source.LINK,
            )
            _reported(request, concern, created)
            return render(request, "support/reported.html", {"concern": concern})
        messages.error(request, "Please correct the highlighted fields; nothing was sent.")
    return render(request, "support/report.html", {"form": form, "by_link": True, "person": person})


@login_required
def mine(request):
    if request.user.is_coordinator:
        raise Http404
    return render(request, "support/mine.html", {"concerns": selectors.reported_by(request.user)})


@coordinator_required
def inbox(request):
    status = request.GET.get("status", ConcernStatus.OPEN)
    if status not in ConcernStatus.values:
        status = ""
    page = Paginator(selectors.concerns_inbox(status or None), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "support/inbox.html",
        {
            "page": page,
            "status": status,
            "statuses": ConcernStatus.choices,
            "counts": selectors.concern_counts(),
            "base_query": f"status={status or 'all'}",
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def detail(request, pk):
    concern = get_concern_for(request.user, pk)
    if request.method == "GET" and request.user.is_coordinator:
        audit.read_record(request=request, kind=Kind.CONCERN, object_id=concern.pk, person_id=concern.reporter_id)
    form = ConcernUpdateForm(request.POST if request.method == "POST" else None, initial={"status": concern.status})
    if request.method == "POST":
        if form.is_valid():
            changed = services.concern_update(
                concern=concern, by=request.user, status=form.cleaned_data["status"], note=form.cleaned_data["note"]
            )
            messages.success(request, "Saved in the concern's history." if changed else "Nothing changed.")
            return redirect("support:detail", pk=concern.pk)
        messages.error(request, "Please correct the highlighted fields; nothing was saved.")
    return render(
        request,
        "support/detail.html",
        {"concern": concern, "events": concern.events.select_related("actor"), "form": form},
    )


@login_required
def library(request):
    profile = request.user.profile_or_none
    role = None if request.user.is_coordinator or profile is None else profile.role
    return render(request, "support/library.html", {"library": selectors.library_for(role), "role": role})


@coordinator_required
def resources(request):
    return render(request, "support/resources.html", {"library": selectors.library_for(None, include_retired=True)})


@coordinator_required
@require_http_methods(["GET", "POST"])
def resource_edit(request, pk=None):
    resource = get_resource_for(request.user, pk) if pk is not None else None
    form = ResourceForm(request.POST if request.method == "POST" else None, instance=resource)
    if request.method == "POST":
        if form.is_valid():
            saved = services.resource_save(data=form.cleaned_data, resource=resource)
            messages.success(request, f"“{saved.title}” is {'saved' if resource else 'in the library'}.")
            return redirect("support:resources")
        messages.error(request, "Please correct the highlighted fields; nothing was saved.")
    return render(request, "support/resource_form.html", {"form": form, "resource": resource})


@coordinator_required
@require_POST
def resource_retire(request, pk):
    resource = get_resource_for(request.user, pk)
    retire = request.POST.get("retire") != "0"
    services.resource_retire(resource=resource, retired=retire)
    if retire:
        messages.success(request, f"“{resource.title}” is retired: participants no longer see it.")
    else:
        messages.success(request, f"“{resource.title}” is back in the library.")
    return redirect("support:resources")
