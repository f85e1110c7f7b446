from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.ids import id_or_none
from core.search import search_text
from profiles.access import coordinator_required

from . import selectors, services, tasks
from .access import get_match_for
from .forms import BulkProposalForm, NotAgainForm, ProposeForm
from .models import Match, ProposalRun, RunStatus
from .services import MatchError, RequirementsNotMet

WORKSPACE_PAGE = 24  # each of the workspace's three lists, a page at a time


def _page(request, queryset, param: str):
    return Paginator(queryset, WORKSPACE_PAGE).get_page(request.GET.get(param))


@coordinator_required
def workspace(request):
    waiting = _page(request, selectors.waiting_kept(), "waiting_page")
    mentors = _page(request, selectors.mentors_free_kept(), "mentors_page")
    drafts = _page(request, selectors.drafts_kept(), "drafts_page")
    return render(
        request,
        "matches/workspace.html",
        {
            "waiting": waiting.object_list,
            "waiting_page": waiting,
            "mentors": mentors.object_list,
            "mentors_page": mentors,
            "drafts": drafts.object_list,
            "drafts_page": drafts,
            "active": selectors.recently_started_kept(limit=20),
            "active_count": selectors.active_count_kept(),
            "bulk_form": BulkProposalForm(),
            "run": selectors.proposal_finished(request.GET.get("proposal")),
            "running": selectors.proposal_running(),
        },
    )


@coordinator_required
@require_POST
def propose_bulk(request):
    form = BulkProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The lowest score must be a whole number from 0 to 100.")
        return redirect("matches:workspace")
    run = services.proposal_start(by=request.user, min_score=form.cleaned_data["min_score"])
    # The view queues the run's task, not the service: the tasks import the services, and a service
    # importing the tasks back (even inside a function) made a circle. (Sending the task by name would
    # skip the import but not run in-process where tasks run eagerly, as on a laptop.) After commit, so
    # the worker finds the run; robust, as a failed proposal is recorded on the run and must not undo
    # the request that started it.
    transaction.on_commit(lambda: tasks.matches_propose_bulk_task.delay(run.pk), robust=True)
    return redirect("matches:proposal", pk=run.pk)


@coordinator_required
def proposal(request, pk):
    """The bulk proposal's progress; once done, the workspace with its drafts."""
    run = get_object_or_404(ProposalRun, pk=pk)
    if run.status == RunStatus.DONE:
        return redirect(reverse("matches:workspace") + f"?proposal={run.pk}#drafts-title")
    return render(request, "matches/proposal.html", {"run": run})


@coordinator_required
@require_http_methods(["GET", "POST"])
def publish_all(request):
    """A confirmation page listing the drafts (GET); publishing them, and only them (POST)."""
    if request.method == "GET":
        drafts = list(selectors.drafts(oldest_first=True))
        return render(request, "matches/publish_all.html", {"drafts": drafts, "emails": 2 * len(drafts)})
    ids = [pk for pk in map(id_or_none, request.POST.getlist("match")) if pk is not None]
    result = services.matches_publish_all(by=request.user, ids=ids)
    if result.published:
        messages.success(
            request,
            f"{len(result.published)} match{'es' if len(result.published) != 1 else ''} published; "
            "both people of each were introduced by e-mail.",
        )
    for match, error in result.failed:
        messages.error(request, f"{match.mentee} & {match.mentor} not published: {error}")
    if not result.published and not result.failed:
        messages.info(request, "There was nothing to publish.")
    return redirect("matches:workspace")


@coordinator_required
@require_POST
def publish(request, pk):
    match = get_object_or_404(Match, pk=pk)
    try:
        published = services.match_publish(match=match, by=request.user)
    except MatchError as exc:
        messages.error(request, f"Not published: {exc}")
    else:
        if published:
            messages.success(request, f"{match.mentee} & {match.mentor} published; both were introduced by e-mail.")
        else:
            messages.info(request, "This match was already published.")
    if request.POST.get("next") == "detail":
        return redirect(match)
    return redirect("matches:workspace")


@coordinator_required
@require_POST
def drop(request, pk):
    match = selectors.match_with_people(pk)
    if match is None:
        messages.info(request, "That proposal was already dropped.")
        return redirect("matches:workspace")
    try:
        services.match_drop(match=match, by=request.user)
    except MatchError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Proposal {match.mentee} & {match.mentor} dropped.")
    return redirect("matches:workspace")


@coordinator_required
def suggestions(request, mentee_pk):
    profile = selectors.approved_mentee(mentee_pk)
    if profile is None:
        raise Http404
    form = ProposeForm()
    unmet = None
    if request.method == "POST":
        form = ProposeForm(request.POST)
        if form.is_valid():
            mentor = form.cleaned_data["mentor"]
            try:
                services.match_propose(
                    mentee=profile.user,
                    mentor=mentor.user,
                    by=request.user,
                    despite_requirements=form.cleaned_data["confirm"],
                )
            except RequirementsNotMet as exc:
                unmet = (mentor, exc.unmet, exc.paired_before)
                messages.warning(
                    request,
                    f"{mentor.user.name} and {profile.user.name} "
                    + ("do not meet the program's requirements" if exc.unmet else "were partners before")
                    + ". Please confirm below, or choose someone else.",
                )
            except MatchError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, f"Draft match proposed for {profile.user}. Publish it from the workspace.")
                return redirect("matches:workspace")
    # Any approved mentor may be picked by hand: found by name, a page of them at a time (a list of every
    # mentor of a large program would be thousands of options, and slow to send).
    query = search_text(request.GET.get("q", ""))
    found = selectors.mentors_found(query) if query else []
    marks = list(selectors.not_again_marks(profile.user))  # listed, and never suggested: read once for both
    return render(
        request,
        "matches/suggestions.html",
        {
            "profile": profile,
            "suggestions": selectors.suggestions_for(profile, marked=[mark.mentor_id for mark in marks]),
            "form": form,
            "query": query,
            "found": found[: selectors.MENTORS_FOUND],
            "more_found": len(found) > selectors.MENTORS_FOUND,
            "open_match": selectors.open_match_of(profile.user),
            "unmet": unmet,
            "not_again_marks": marks,
        },
    )


@coordinator_required
@require_POST
def not_again(request, mentee_pk):
    """Mark a pair "not again" (M9), or lift the mark (``remove``), from the mentee's suggestions page."""
    profile = selectors.approved_mentee(mentee_pk)
    if profile is None:
        raise Http404
    form = NotAgainForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose the mentor; nothing was changed.")
        return redirect("matches:suggestions", mentee_pk=profile.user_id)
    mentor = form.cleaned_data["mentor"].user
    if form.cleaned_data["remove"]:
        if services.not_again_remove(mentee=profile.user, mentor=mentor, by=request.user):
            messages.success(request, f"{profile.user.name} and {mentor.name} may be matched again.")
        else:
            messages.info(request, f"{profile.user.name} and {mentor.name} were not marked.")
    else:
        try:
            created = services.not_again_mark(
                mentee=profile.user, mentor=mentor, by=request.user, note=form.cleaned_data["note"]
            )
        except MatchError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                f"{profile.user.name} and {mentor.name} will not be proposed to each other again."
                if created
                else f"{profile.user.name} and {mentor.name} were already marked “not again”.",
            )
    return redirect("matches:suggestions", mentee_pk=profile.user_id)


@login_required
def detail(request, pk):
    """The lasting address of a match (e-mails link to it): its page for the coordinator, "My match" for
    its partners."""
    match = get_match_for(request.user, pk)
    if request.user.is_coordinator:
        return redirect(match)
    return redirect("my_match")
