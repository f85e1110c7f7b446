from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from core import linkpages
from profiles.access import coordinator_required
from profiles.models import ProgramSettings, Role, Status
from profiles.photos import PhotoRefused
from profiles.services import profile_card_update

from . import links, selectors, services
from .access import get_card_for, get_choice_for_coordinator, get_choice_for_mentor, get_request_for
from .forms import AnswerForm, CardForm, ChooseForm
from .models import Choice
from .services import RequestError


def _approved(request, role):
    profile = request.user.profile_or_none
    if profile is None or profile.role != role or profile.status != Status.APPROVED:
        raise Http404
    return profile


@login_required
@require_http_methods(["GET", "POST"])
def choose(request):
    """The mentee's suggested mentors and her request: choose up to three in order (M8)."""
    _approved(request, Role.MENTEE)
    profile = selectors.requester_profile(request.user)
    if profile is None:
        raise Http404
    program = ProgramSettings.load()
    open_request = selectors.open_request_of(request.user)
    can_choose = program.mentees_request and open_request is None and selectors.may_choose(profile)
    suggested = selectors.suggested_for(profile, program) if can_choose else []
    form = ChooseForm(request.POST if request.method == "POST" else None, suggested=suggested)
    if request.method == "POST":
        if not can_choose:
            messages.info(request, "Your request was already sent; here is where it stands.")
            return redirect("requests:choose")
        if form.is_valid():
            try:
                services.request_send(
                    mentee=request.user, mentor_ids=form.cleaned_data["mentor_ids"], note=form.cleaned_data["note"]
                )
            except RequestError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Your request is on its way: we have asked your first choice.")
                return redirect("requests:choose")
        else:
            messages.error(request, "Please check your choices; nothing was sent.")
    return render(
        request,
        "match_requests/choose.html",
        {
            "program": program,
            "suggested": suggested,
            "form": form,
            "open_request": open_request,
            "latest": open_request or selectors.latest_request_of(request.user),
            "can_choose": can_choose,
            "has_match": not selectors.may_choose(profile),
        },
    )


@login_required
def card(request, mentor_pk):
    profile = get_card_for(request.user, mentor_pk)
    return render(request, "match_requests/card.html", {"card": profile})


@login_required
def photo(request, mentor_pk):
    """A mentor's photo, for those who may see their card; never cached by anyone in between."""
    profile = get_card_for(request.user, mentor_pk)
    if not profile.photo:
        raise Http404
    try:
        handle = profile.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def my_card(request):
    """A mentor's card as mentees see it, what it lacks, and their bio and photo to change."""
    _approved(request, Role.MENTOR)
    profile = selectors.mentor_card(request.user.pk)
    if profile is None:
        raise Http404
    form = CardForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial={"bio": profile.bio},
    )
    if request.method == "POST":
        if form.is_valid():
            upload = form.cleaned_data["photo"]
            try:
                profile_card_update(
                    user=request.user,
                    bio=form.cleaned_data["bio"],
                    photo=upload.read() if upload else None,
                    remove_photo=form.cleaned_data["remove_photo"],
                )
            except PhotoRefused as exc:
                form.add_error("photo", str(exc))
                messages.error(request, "Your photo was not saved; nothing was changed.")
            else:
                messages.success(request, "Your card is saved. This is how mentees see it.")
                return redirect("requests:my_card")
        else:
            messages.error(request, "Please check the highlighted fields; nothing was saved.")
    return render(
        request,
        "match_requests/my_card.html",
        {"card": profile, "form": form, "missing": selectors.card_missing(profile)},
    )


@login_required
@require_POST
def withdraw(request, pk):
    mentor_request = get_request_for(request.user, pk)
    if services.request_withdraw(request_id=mentor_request.pk, by=request.user):
        messages.success(request, "The request is withdrawn; the mentor no longer needs to answer.")
    else:
        messages.info(request, "This request was no longer open.")
    return redirect("requests:coordinator" if request.user.is_coordinator else "requests:choose")


@login_required
def incoming(request):
    """The requests waiting for this mentor's answer."""
    _approved(request, Role.MENTOR)
    return render(request, "match_requests/incoming.html", {"asked": selectors.asked_of(request.user)})


def _submit(request, choice, answer):
    if answer["decision"] == "accept":
        result = services.choice_accept(choice_id=choice.pk, by=choice.mentor)
        if result.match is not None:
            messages.success(
                request,
                f"Thank you! You and {choice.request.mentee.name} are matched; "
                "both of you have an introduction e-mail.",
            )
        elif result.problem:
            messages.warning(
                request,
                f"Your places are all taken now, so {choice.request.mentee.name}'s request went to the next choice.",
            )
        else:
            messages.info(request, "This request was already answered.")
    elif services.choice_decline(choice_id=choice.pk, by=choice.mentor, reason=answer["reason"]):
        messages.success(request, "Thank you for answering. The request goes to the mentee's next choice.")
    else:
        messages.info(request, "This request was already answered.")


ANSWER_PAGE = linkpages.AnswerPage(
    what="request",
    expired="Request links work for two weeks after the day to answer by.",
    template="match_requests/answer.html",
    form=lambda choice, data, initial: AnswerForm(data),
    is_open=lambda choice: choice.is_asked,
    submit=_submit,
    closed=(messages.INFO, "This request is no longer waiting for your answer."),
    refused="Please choose your answer; nothing was sent.",
    context=lambda request, choice: {"choice": choice, "mentee": choice.request.mentee},
)


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    return linkpages.answer(request, get_choice_for_mentor(request.user, pk), ANSWER_PAGE)


@require_http_methods(["GET", "POST"])
def answer_by_link(request, pk, token):
    program = ProgramSettings.load()
    return linkpages.answer_by_link(
        request,
        ANSWER_PAGE,
        person_of=lambda: links.mentor_of(token, pk, program),
        # linkpages finds the object by ``person_id``: a choice's person is its mentor.
        named=Choice.objects.select_related("request__mentee__profile__discipline", "mentor")
        .annotate(person_id=F("mentor_id"))
        .filter(pk=pk),
    )


@coordinator_required
def coordinator(request):
    """Every open request with its deadline, and those no choice could take."""
    return render(
        request,
        "match_requests/coordinator.html",
        {
            "open_requests": selectors.open_requests(),
            "exhausted": selectors.exhausted_requests(),
            "program": ProgramSettings.load(),
            "form": AnswerForm(),
        },
    )


@coordinator_required
@require_POST
def answer_for(request, pk):
    """The coordinator answers for a mentor who phoned in."""
    choice = get_choice_for_coordinator(request.user, pk)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose the mentor's answer (and a reason if they decline); nothing was sent.")
        return redirect("requests:coordinator")
    if form.cleaned_data["decision"] == "accept":
        result = services.choice_accept(choice_id=choice.pk, by=request.user)
        if result.match is not None:
            messages.success(
                request, f"{choice.request.mentee.name} & {choice.mentor.name} are matched and introduced."
            )
        elif result.problem:
            messages.warning(request, f"Not matched: {result.problem} The request went to the next choice.")
        else:
            messages.info(request, "This request was already answered.")
    elif services.choice_decline(choice_id=choice.pk, by=request.user, reason=form.cleaned_data["reason"]):
        messages.success(request, f"Declined for {choice.mentor.name}; the request went to the next choice.")
    else:
        messages.info(request, "This request was already answered.")
    return redirect("requests:coordinator")


@coordinator_required
@require_POST
def match_by_hand(request, pk):
    """Withdraw the request and go to the mentee's suggestions, to match her by hand."""
    mentor_request = get_request_for(request.user, pk)
    services.request_withdraw(request_id=mentor_request.pk, by=request.user)
    messages.info(request, f"{mentor_request.mentee.name}'s request is withdrawn; choose a mentor here.")
    return redirect("matches:suggestions", mentee_pk=mentor_request.mentee_id)
