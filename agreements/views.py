from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core.downloads import attachment_header
from core.worddiff import paragraph_diff
from profiles.access import coordinator_required
from profiles.models import ProgramSettings

from . import selectors, services
from .access import get_agreement_for, get_match_agreements_for, is_partner
from .forms import SignForm, TermsForm, TextForm
from .models import TERMS_FIELDS, Agreement, Kind


@login_required
def for_match(request, match_pk):
    match = get_match_agreements_for(request.user, match_pk)
    return render(
        request,
        "agreements/for_match.html",
        {"match": match, "statuses": selectors.statuses_for(match, request.user)},
    )


def _shown(request, match_pk, kind) -> Agreement:
    """The agreement to show: the stored one, or the one the pair would start with today (not saved)."""
    agreement = get_agreement_for(request.user, match_pk, kind)
    if agreement is None:
        match = get_match_agreements_for(request.user, match_pk)
        agreement = Agreement(match=match, kind=kind, text=selectors.text_current(kind))
    return agreement


def _goals_missing(agreement) -> bool:
    return agreement.is_partnership and not agreement.is_frozen and not agreement.goals.strip()


def _detail_context(request, agreement, *, terms_form=None, sign_form=None, needs_confirmation=None):
    signatures = list(agreement.signatures.select_related("signer")) if agreement.pk else []
    partner = is_partner(request.user, agreement.match)
    signed = any(s.signer_id == request.user.pk for s in signatures)
    return {
        "agreement": agreement,
        "content": selectors.agreement_content(agreement),
        "signatures": signatures,
        "is_partner": partner,
        "can_sign": partner and not signed and agreement.match.is_active,
        "can_edit_terms": partner and agreement.is_partnership and len(signatures) < 2 and agreement.match.is_active,
        "terms_form": terms_form or TermsForm(instance=agreement),
        "sign_form": sign_form or SignForm(user=request.user, goals_missing=_goals_missing(agreement)),
        "needs_confirmation": needs_confirmation,
    }


@login_required
def detail(request, match_pk, kind):
    agreement = _shown(request, match_pk, kind)
    return render(request, "agreements/detail.html", _detail_context(request, agreement))


def _for_partner(request, match_pk, kind):
    """The agreement a partner acts on (made if needed); 404 for anyone else."""
    match = get_match_agreements_for(request.user, match_pk)
    if kind not in Kind.values or not is_partner(request.user, match):
        raise Http404
    return match


@login_required
@require_POST
def terms(request, match_pk, kind):
    match = _for_partner(request, match_pk, kind)
    if kind != Kind.PARTNERSHIP:
        raise Http404
    shown = _shown(request, match_pk, kind)
    form = TermsForm(request.POST, instance=Agreement(match=match, kind=kind, text=shown.text))
    if not form.is_valid():
        messages.error(request, "Please correct the highlighted terms; nothing was saved.")
        return render(request, "agreements/detail.html", _detail_context(request, shown, terms_form=form))
    data = {name: form.cleaned_data[name] for name in TERMS_FIELDS}
    try:
        cleared = services.terms_update(
            match=match, data=data, by=request.user, confirm_clear=form.cleaned_data["confirm_clear"]
        )
    except services.ConfirmationNeeded as exc:
        return render(
            request, "agreements/detail.html", _detail_context(request, shown, terms_form=form, needs_confirmation=exc)
        )
    except services.SigningError as exc:
        messages.error(request, str(exc))
        return redirect("agreements:detail", match_pk=match.pk, kind=kind)
    if cleared:
        messages.warning(
            request,
            "Terms saved. The signature already given was cleared; "
            + ", ".join(s.name for s in cleared)
            + " has been told by e-mail.",
        )
    else:
        messages.success(request, "Terms saved.")
    return redirect("agreements:detail", match_pk=match.pk, kind=kind)


@login_required
@require_POST
def sign(request, match_pk, kind):
    match = _for_partner(request, match_pk, kind)
    shown = _shown(request, match_pk, kind)
    if shown.pk and shown.signatures.filter(signer=request.user).exists():
        messages.info(request, "You had already signed this agreement.")
        return redirect("agreements:detail", match_pk=match.pk, kind=kind)
    form = SignForm(request.POST, user=request.user, goals_missing=_goals_missing(shown))
    if not form.is_valid():
        messages.error(request, "Not signed yet: please correct the highlighted fields.")
        return render(request, "agreements/detail.html", _detail_context(request, shown, sign_form=form))
    try:
        result = services.agreement_sign(
            match=match,
            kind=kind,
            signer=request.user,
            typed_name=form.cleaned_data["typed_name"],
            confirmed=True,
            without_goals=form.cleaned_data.get("without_goals", False),
        )
    except services.SigningError as exc:
        messages.error(request, str(exc))
    else:
        if result.complete:
            messages.success(request, "Signed by you both. The signed PDF is on its way to you both by e-mail.")
        else:
            messages.success(request, "Signed. Your partner is next; the text is now fixed.")
    return redirect("agreements:detail", match_pk=match.pk, kind=kind)


@login_required
def download(request, match_pk, kind):
    agreement = get_agreement_for(request.user, match_pk, kind)
    if agreement is None or not agreement.pdf:
        raise Http404
    filename = f"{agreement.get_kind_display()} - {agreement.match.mentee.name} and {agreement.match.mentor.name}.pdf"
    response = FileResponse(agreement.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(filename)
    return response


@coordinator_required
@require_http_methods(["GET", "POST"])
def texts(request):
    kind = request.GET.get("kind") or request.POST.get("kind") or Kind.CONFIDENTIALITY
    if kind not in Kind.values:
        raise Http404
    current = selectors.text_current(kind)
    form = TextForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        new = services.text_update(kind=kind, body=form.cleaned_data["body"], by=request.user)
        if new:
            messages.success(
                request, f"Saved as version {new.version}. New agreements use it; signed ones keep theirs."
            )
        else:
            messages.info(request, "No change to save.")
        return redirect(f"{request.path}?kind={kind}")
    versions = type(current).objects.filter(kind=kind).select_related("created_by")
    return render(
        request,
        "agreements/texts.html",
        {
            "form": form,
            "kind": kind,
            "kinds": Kind.choices,
            "current": current,
            "versions": versions,
            "program": ProgramSettings.load(),
        },
    )


@coordinator_required
def text_version(request, kind, version):
    """One version of an agreement's wording, read-only: its text, what changed from the one before, word by
    word, and the signed agreements that used it."""
    if kind not in Kind.values:
        raise Http404
    text = selectors.text_version(kind, version)
    if text is None:
        raise Http404
    previous = selectors.text_version(kind, version - 1) if version > 1 else None
    newest = selectors.text_current(kind).version
    return render(
        request,
        "agreements/text_version.html",
        {
            "text": text,
            "kind": kind,
            "previous": previous,
            "changes": paragraph_diff(previous.body, text.body) if previous else None,
            "newest": newest,
            "page": Paginator(selectors.signed_with(text), 50).get_page(request.GET.get("page")),
        },
    )
