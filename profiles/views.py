from urllib.parse import urlencode

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audit import services as audit
from audit.models import Kind
from core.ids import id_or_none
from core.linkpages import link_problem
from core.search import search_text
from core.signing import BadLink

from . import selectors, services
from .access import coordinator_required, get_invitation_for, get_profile_for_review
from .forms import InvitationUploadForm, MenteeForm, MentorForm, NamesForm, ProgramSettingsForm, ReviewForm
from .links import INVITATION_DAYS, invitation_expires_at, invitation_of
from .models import Invitation, Profile, ProgramSettings, Role, Status

FORMS = {Role.MENTOR: MentorForm, Role.MENTEE: MenteeForm}


def _data(request, files=False):
    """What to bind a form to: the POST (even an empty one), or nothing on GET."""
    if request.method != "POST":
        return None
    return request.FILES if files else request.POST


@login_required
def apply(request):
    profile = request.user.profile_or_none
    if profile and profile.status != Status.PENDING:
        return redirect("home")
    if profile:
        return redirect("profiles:apply_role", role=profile.role)
    invitation = Invitation.objects.filter(email__iexact=request.user.email).first()
    return render(request, "profiles/apply_choose.html", {"invitation": invitation})


@login_required
@require_http_methods(["GET", "POST"])
def apply_role(request, role):
    if role not in FORMS:
        raise Http404
    profile = request.user.profile_or_none
    if profile and (profile.status != Status.PENDING or profile.role != role):
        messages.info(request, "Your application has already been sent.")
        return redirect("home")
    form_class = FORMS[role]
    form = form_class(_data(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_submit(user=request.user, role=role, data=form.cleaned_data, edit=profile is not None)
        except services.ProfileError as exc:
            messages.info(request, str(exc))
            return redirect("home")
        if profile:
            messages.success(request, "Your application is updated.")
        else:
            messages.success(request, "Thank you! Your application is sent to the program coordinator.")
        return redirect("home")
    return render(
        request,
        "profiles/apply_form.html",
        {"form": form, "role": Role(role), "editing": profile is not None},
    )


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    try:
        invitation = invitation_of(token)
    except BadLink as problem:
        return link_problem(
            request,
            problem.reason,
            what="invitation",
            expired=f"Invitation links work for {INVITATION_DAYS} days from when they are sent.",
            remedy="sign up",
        )
    if invitation.withdrawn_at is not None:
        return render(
            request,
            "link_problem.html",
            {
                "title": "This invitation was withdrawn",
                "detail": "The program coordinator withdrew this invitation, so its link no longer opens anything.",
                "what": "invitation",
                "remedy": "sign up",
            },
            status=400,
        )
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        # Following the e-mailed link proves the address, so it needs no second verification.
        get_adapter(request).stash_verified_email(request, invitation.email)
        return redirect(f"{reverse('account_signup')}?email={invitation.email}")
    return render(request, "profiles/invitation.html", {"invitation": invitation})


@coordinator_required
def review_list(request):
    status = request.GET.get("status", Status.PENDING)
    role = request.GET.get("role", "")
    query = search_text(request.GET.get("q", ""))
    profiles = Profile.objects.select_related("user", "discipline")
    if status in Status.values:
        profiles = profiles.filter(status=status)
    else:
        status = ""
    if role in Role.values:
        profiles = profiles.filter(role=role)
    else:
        role = ""
    if query:
        profiles = profiles.filter(Q(user__name__icontains=query) | Q(user__email__icontains=query))
    counts = selectors.status_counts()
    paginator = Paginator(profiles.order_by("submitted_at"), 25)
    if not role and not query:  # the list is a tab (or every tab) whole: its count is known
        paginator.count = counts.get(status, 0) if status else sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    # Only the page's people are looked up among the invited, not every invitation.
    invited = set(
        Invitation.objects.filter(email__in=[p.user.email for p in page.object_list]).values_list("email", flat=True)
    )
    return render(
        request,
        "profiles/review_list.html",
        {
            "page": page,
            "status": status,
            "role": role,
            "query": query,
            "tabs": [(s.value, s.label, counts.get(s.value, 0)) for s in Status],
            "roles": Role.choices,
            "invited": invited,
            "base_query": urlencode({"status": status or "all", "role": role, "q": query}),
        },
    )


@coordinator_required
@require_POST
def review_approve(request):
    """Approve the ticked wait-listed people at once."""
    ids = [pk for pk in map(id_or_none, request.POST.getlist("profile")) if pk is not None]
    approved = services.profiles_approve_waitlisted(ids=ids, reviewer=request.user)
    if approved:
        count = len(approved)
        who = "person is" if count == 1 else "people are"
        messages.success(
            request, f"{count} {who} approved and told by e-mail: {', '.join(p.user.name for p in approved)}."
        )
    else:
        messages.info(request, "Nobody was approved: tick at least one person still wait-listed.")
    return redirect(f"{reverse('profiles:review_list')}?status={Status.WAITLISTED}")


@coordinator_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    profile = get_profile_for_review(request.user, pk)
    if request.method == "GET":
        audit.read_record(request=request, kind=Kind.APPLICATION_NOTES, object_id=profile.pk, person_id=profile.user_id)
    form = ReviewForm(_data(request), initial={"status": profile.status, "notes": profile.coordinator_notes})
    if request.method == "POST" and form.is_valid():
        changed = services.profile_review(
            profile=profile,
            status=form.cleaned_data["status"],
            notes=form.cleaned_data["notes"],
            reviewer=request.user,
        )
        label = Status(form.cleaned_data["status"]).label.lower()
        if changed and form.cleaned_data["status"] != Status.PENDING:
            messages.success(request, f"{profile.user.name} is now {label}; they have been told by e-mail.")
        elif changed:
            messages.success(request, f"{profile.user.name}'s application is back to pending review.")
        else:
            messages.success(request, "Notes saved.")
        if not changed:
            return redirect("profiles:review_detail", pk=profile.pk)
        following = Profile.objects.pending().exclude(pk=profile.pk).order_by("submitted_at", "pk").first()
        if following is None:
            messages.info(request, "No other application waits for a decision.")
            return redirect(f"{reverse('profiles:review_list')}?status={form.cleaned_data['status']}")
        return redirect("profiles:review_detail", pk=following.pk)
    invitation = Invitation.objects.filter(email__iexact=profile.user.email).first()
    return render(request, "profiles/review_detail.html", {"profile": profile, "form": form, "invitation": invitation})


@coordinator_required
@require_http_methods(["GET", "POST"])
def invite(request):
    form = InvitationUploadForm(_data(request), _data(request, files=True))
    if request.method == "POST":
        if form.is_valid():
            result = services.invitations_create(rows=form.cleaned_data["file"], invited_by=request.user)
            parts = [f"{len(result.invited)} invitation{'s' if len(result.invited) != 1 else ''} sent"]
            if result.already_invited:
                parts.append(f"{len(result.already_invited)} already invited before, not e-mailed again")
            if result.already_registered:
                count = len(result.already_registered)
                parts.append(f"{count} already {'has' if count == 1 else 'have'} an account")
            messages.success(request, "; ".join(parts) + ".")
            return redirect("profiles:invite")
        messages.error(request, "Nothing was imported. Please correct the file and upload it again.")
    page = Paginator(Invitation.objects.select_related("invited_by"), 50).get_page(request.GET.get("page"))
    now = timezone.now()
    for invitation in page.object_list:
        invitation.expires_at = invitation_expires_at(invitation)
        invitation.expired = invitation.expires_at <= now
    return render(request, "profiles/invite.html", {"form": form, "page": page, "days": INVITATION_DAYS})


@coordinator_required
@require_POST
def invitation_resend(request, pk):
    invitation = get_invitation_for(request.user, pk)
    seen = id_or_none(request.POST.get("sends")) or 0
    if services.invitation_resend(invitation=invitation, seen_sends=seen):
        messages.success(
            request, f"Invitation sent again to {invitation.email}: the new link works for {INVITATION_DAYS} days."
        )
    elif invitation.accepted_at or invitation.withdrawn_at:
        messages.info(request, f"Nothing sent: {invitation.name}'s invitation was taken up or withdrawn.")
    else:
        messages.info(request, f"Nothing sent: {invitation.name}'s invitation had just been sent again.")
    return redirect("profiles:invite")


@coordinator_required
@require_POST
def invitation_withdraw(request, pk):
    invitation = get_invitation_for(request.user, pk)
    if services.invitation_withdraw(invitation=invitation):
        messages.success(request, f"{invitation.name}'s invitation is withdrawn: its link no longer opens anything.")
    else:
        messages.info(request, f"Nothing changed: {invitation.name}'s invitation was already taken up or withdrawn.")
    return redirect("profiles:invite")


@coordinator_required
@require_http_methods(["GET", "POST"])
def program_settings(request):
    form = ProgramSettingsForm(_data(request), instance=ProgramSettings.load())
    if request.method == "POST" and form.is_valid():
        services.program_settings_update(data=form.cleaned_data, by=request.user)
        messages.success(request, "Program settings saved.")
        return redirect("profiles:settings")
    return render(request, "profiles/settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def names(request):
    """The person's own names: full name (signatures use it) and the name greetings use."""
    user = request.user
    form = NamesForm(
        request.POST if request.method == "POST" else None,
        initial={"name": user.name, "called": user.called or user.get_short_name()},
    )
    if request.method == "POST":
        if form.is_valid():
            services.names_update(user=user, name=form.cleaned_data["name"], called=form.cleaned_data["called"])
            messages.success(request, f"Saved. We will call you {user.get_short_name()}.")
            return redirect("profiles:names")
        messages.error(request, "Please correct the highlighted fields; nothing was saved.")
    return render(request, "profiles/names.html", {"form": form})
