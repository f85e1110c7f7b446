from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from audit import services as audit
from audit.models import Kind
from core.downloads import attachment_header
from core.linkpages import link_problem
from core.signing import BadLink
from profiles.access import coordinator_required
from profiles.models import User

from . import links, selectors, services, tasks
from .forms import ConsentForm, EraseForPersonForm, EraseSelfForm, PrivacySettingsForm
from .models import DataExport, ExportStatus, PrivacySettings


def notice(request):
    """The privacy notice (V5), with the retention settings as they are."""
    return render(
        request,
        "privacy/notice.html",
        {
            "privacy": PrivacySettings.load(),
            "version": settings.PRIVACY_NOTICE_VERSION,
            "consented": request.user.is_authenticated and selectors.has_consented(request.user),
        },
    )


def _safe_next(request, fallback: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(fallback)


@login_required
@require_http_methods(["GET", "POST"])
def consent(request):
    form = ConsentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            services.consent_give(user=request.user)
            request.session["privacy_consent"] = settings.PRIVACY_NOTICE_VERSION
            messages.success(request, "Thank you: your agreement to the privacy notice is recorded.")
            return redirect(_safe_next(request))
        messages.error(request, "Please tick the box to agree, or log out.")
    return render(
        request,
        "privacy/consent.html",
        {"form": form, "next": _safe_next(request), "privacy": PrivacySettings.load(),
         "version": settings.PRIVACY_NOTICE_VERSION},
    )  # fmt: skip


@login_required
@require_POST
def export(request):
    data_export, new = services.export_request(user=request.user, by=request.user)
    if new:
        transaction.on_commit(lambda: tasks.export_build_task.delay(data_export.pk))
        messages.success(
            request, "We are preparing your data. You will get an e-mail with a download link in a few minutes."
        )
    else:
        messages.info(request, "Your data is already being prepared; the e-mail with its link is on its way.")
    return redirect("account")


@login_required
def download(request, pk, token):
    """The ZIP behind the e-mailed link: for the person it was made for, logged in, within a week."""
    try:
        user_id = links.user_of(token, pk)
    except BadLink as problem:
        return link_problem(request, problem.reason, what="download", expired="A download link works for 7 days; "
                            "ask for a new one on your account page.")  # fmt: skip
    if user_id != request.user.pk:
        raise Http404
    data_export = get_object_or_404(DataExport, pk=pk, user=request.user, status=ExportStatus.READY)
    if not data_export.archive:
        raise Http404
    with data_export.archive.open("rb") as handle:
        content = handle.read()
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = attachment_header(f"my-data-{data_export.created_at:%Y-%m-%d}.zip")
    return response


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    if request.user.is_coordinator:
        raise Http404
    form = EraseSelfForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.account_erase(user=request.user, by=request.user)
            logout(request)
            messages.success(request, "Your account is erased. Thank you for taking part in the program.")
            return redirect("privacy:erased")
        messages.error(request, "Please correct the highlighted fields; nothing was erased.")
    return render(request, "privacy/erase.html", {"form": form})


def erased(request):
    return render(request, "privacy/erased.html")


@coordinator_required
@require_http_methods(["GET", "POST"])
def coordinator(request):
    """The coordinator's privacy page: retention settings, what retention and erasures did, finding an account."""
    privacy = PrivacySettings.load()
    form = PrivacySettingsForm(request.POST if request.method == "POST" else None, instance=privacy)
    if request.method == "POST":
        if form.is_valid():
            services.privacy_settings_update(values=form.cleaned_data)
            messages.success(request, "Retention settings saved; the privacy notice shows them now.")
            return redirect("privacy:coordinator")
        messages.error(request, "Please correct the highlighted fields; nothing was saved.")
    email = request.GET.get("email", "").strip()[:254]
    found = None
    if email:
        # An address never holds a NUL (PostgreSQL refuses one in a query): such a search finds nobody.
        found = None if "\x00" in email else User.objects.filter(email__iexact=email, is_active=True).first()
        if found is None:
            messages.info(request, "No active account has that e-mail address.")
    return render(request, "privacy/coordinator.html", {"form": form, "email": email, "found": found,
                                                        **selectors.coordinator_overview(privacy)})  # fmt: skip


def _person_for_coordinator(pk) -> User:
    person = get_object_or_404(User.objects.select_related("profile"), pk=pk, is_active=True)
    if person.is_coordinator:
        raise Http404
    return person


@coordinator_required
@require_http_methods(["GET", "POST"])
def erase_person(request, user_pk):
    person = _person_for_coordinator(user_pk)
    form = EraseForPersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            services.account_erase(user=person, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, "The account is erased; their partners now see a former participant.")
            return redirect("privacy:coordinator")
        messages.error(request, "Please correct the highlighted fields; nothing was erased.")
    return render(request, "privacy/erase_person.html", {"form": form, "person": person})


@coordinator_required
def person_data(request, user_pk):
    """A person's data as their ZIP, for a coordinator answering a request on their behalf: a logged read."""
    person = _person_for_coordinator(user_pk)
    audit.read_record(request=request, kind=Kind.EXPORT, object_id=person.pk, person_id=person.pk)
    response = HttpResponse(services.export_zip(person), content_type="application/zip")
    response["Content-Disposition"] = attachment_header(f"data-{person.pk}-{timezone.localdate():%Y-%m-%d}.zip")
    return response
