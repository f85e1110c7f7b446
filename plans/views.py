from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.downloads import attachment_header
from matches.models import Match
from profiles.access import coordinator_required
from profiles.models import ProgramSettings

from . import selectors, services
from .access import Need, get_plan_for, own_plan_mentee
from .content import STATUS_LABELS, PlanContent
from .diff import changes_between, summary_of
from .forms import ActionStatusForm, CommentForm, PlanForm

VERSIONS_PER_PAGE = 25


@login_required
def mine(request):
    """The mentee's own plan, or an invitation to write the first draft."""
    mentee = own_plan_mentee(request.user)
    plan = selectors.plan_for_mentee(mentee)
    match = Match.objects.active().filter(mentee=mentee).select_related("mentor").first()
    if selectors.choice_pending(plan, match):
        return render(request, "plans/choose.html", {"plan": plan, "match": match})
    if plan is not None and plan.version:
        return redirect(plan)
    return render(request, "plans/start.html", {"match": match})


@login_required
@require_POST
def carry(request):
    """The mentee's choice for a new partnership: carry her plan over, or start a new one (V5)."""
    mentee = own_plan_mentee(request.user)
    choice = request.POST.get("choice")
    if choice not in ("carry", "new"):
        messages.error(request, "Please choose one of the two.")
        return redirect("plans:mine")
    version = services.plan_continue(mentee=mentee, carry=choice == "carry", by=request.user)
    if version is None:
        messages.info(request, "You had already chosen; your plan is as you left it.")
        return redirect("plans:mine")
    if choice == "carry":
        messages.success(request, "Your plan is carried over: your new mentor reads it from today's version.")
        return redirect(version.plan)
    messages.success(request, "A new plan is started; your earlier one stays with your earlier partnership.")
    return redirect("plans:edit", version.plan_id)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    mentee = own_plan_mentee(request.user)
    plan = selectors.plan_for_mentee(mentee)
    match = Match.objects.active().filter(mentee=mentee).select_related("mentor").first()
    if selectors.choice_pending(plan, match):
        return redirect("plans:mine")
    if request.method == "GET" and plan is not None and plan.version:
        return redirect("plans:edit", plan.pk)
    return _edit(request, mentee=mentee, plan=plan, match=match)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    access = get_plan_for(request.user, pk, Need.EDIT)
    if selectors.choice_pending(access.plan, access.match):
        return redirect("plans:mine")
    return _edit(request, mentee=access.plan.mentee, plan=access.plan, match=access.match)


def _edit(request, *, mentee, plan, match):
    today = timezone.localdate()
    version = selectors.version_current(plan) if plan is not None and plan.version else None
    content = version.parsed if version else PlanContent()
    form = PlanForm(
        request.POST if request.method == "POST" else None,
        content=content,
        based_on=version.number if version else 0,
        today=today,
    )
    newer, newer_parts = None, []
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, "Please correct what is marked below; nothing was saved yet.")
        else:
            try:
                result = services.plan_save(
                    mentee=mentee,
                    content=form.content(),
                    based_on=form.cleaned_data["based_on"],
                    by=request.user,
                    today=today,
                )
            except services.StaleVersion as exc:
                newer = exc.version
                opened = selectors.version_number(newer.plan, form.cleaned_data["based_on"])
                newer_parts = changes_between(opened.parsed if opened else PlanContent(), newer.parsed)
                data = request.POST.copy()
                data["based_on"] = str(newer.number)
                form = PlanForm(data, content=newer.parsed, based_on=newer.number, today=today)
                form.is_valid()
                messages.error(
                    request,
                    f"Not saved: version {newer.number} of your plan was saved at "
                    f"{timezone.localtime(newer.saved_at):%H:%M} (in another tab or on another device) after you "
                    "opened this page. It is shown first below; your own changes are still in the form, nothing "
                    f"is lost. Saving the form now replaces version {newer.number} with what the form holds.",
                )
            except services.PlanError as exc:
                messages.error(request, f"Not saved: {exc}")
            else:
                return _saved(request, result, match)
    return render(
        request,
        "plans/edit.html",
        {
            "form": form,
            "plan": plan,
            "version": version,
            "match": match,
            "newer": newer,
            "newer_content": newer.parsed if newer else None,
            "parts": newer_parts,
        },
    )


def _saved(request, result, match):
    if result.version is None:
        if result.plan is None or not result.plan.version:
            messages.info(request, "Nothing to save yet: write at least one goal, then save.")
            return redirect("plans:create")
        messages.info(request, f"Nothing had changed; your plan stays at version {result.plan.version}.")
    elif result.version.number == 1:
        reader = (
            f"{match.mentor.name} can read it now"
            if match
            else "Your mentor will be able to read it once you are matched"
        )
        messages.success(request, f"Your first draft is saved as version 1. {reader}.")
    else:
        messages.success(request, f"Saved as version {result.version.number}.")
    return redirect(result.plan)


@login_required
def detail(request, pk):
    access = get_plan_for(request.user, pk)
    plan = access.plan
    today = timezone.localdate()
    version = selectors.version_current(plan)
    content = version.parsed if version else PlanContent()
    context = {
        "access": access,
        "plan": plan,
        "version": version,
        "content": content,
        "today": today,
        "progress": content.progress(today),
    }
    if access.can_comment:
        threads = selectors.threads_by_goal(plan)
        keys = {goal.key for goal in content.goals}
        context.update(
            threads=threads,
            orphan_threads=[t for key, items in threads.items() if key and key not in keys for t in items],
            comment_form=CommentForm(),
        )
    context["statuses"] = list(STATUS_LABELS.items())
    return render(request, "plans/detail.html", context)


@login_required
@require_POST
def action_status(request, pk, goal, action):
    access = get_plan_for(request.user, pk, Need.EDIT)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please choose one of the statuses; nothing was changed.")
    else:
        status = form.cleaned_data["status"]
        try:
            version = services.action_status_set(
                plan=access.plan, goal=goal, action=action, status=status, by=request.user
            )
        except services.PlanError as exc:
            messages.error(request, str(exc))
        else:
            label = STATUS_LABELS[status].lower()
            if version is None:
                messages.info(request, f"Goal {goal}, action {action} was already {label}.")
            else:
                messages.success(request, f"Goal {goal}, action {action}: {label}. Saved as version {version.number}.")
    return redirect(f"{access.plan.get_absolute_url()}#goal-short-{goal}")


@login_required
@require_POST
def checkpoint_held(request, pk, position):
    access = get_plan_for(request.user, pk, Need.EDIT)
    try:
        version = services.checkpoint_hold(plan=access.plan, position=position, by=request.user)
    except services.PlanError as exc:
        messages.error(request, str(exc))
    else:
        if version is None:
            messages.info(request, f"Checkpoint {position} was already marked held.")
        else:
            messages.success(request, f"Checkpoint {position} marked held today. Saved as version {version.number}.")
    return redirect(f"{access.plan.get_absolute_url()}#checkpoints")


@login_required
def versions(request, pk):
    access = get_plan_for(request.user, pk, Need.READ)
    versions = selectors.versions_page(access.plan, access.first_version)
    page = Paginator(versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    numbers = [v.number for v in page.object_list]
    # Each version with what changed from the one before, in the words of the comparison (not "Plan saved");
    # the partnership's first is read against nothing, so an earlier partnership's plan shows through no diff.
    contents = selectors.contents_of(access.plan, [*numbers, min(numbers, default=1) - 1])
    return render(
        request,
        "plans/versions.html",
        {
            "access": access,
            "plan": access.plan,
            "page": page,
            "rows": [
                (
                    v,
                    summary_of(
                        changes_between(
                            contents.get(v.number - 1, PlanContent())
                            if v.number > access.first_version
                            else PlanContent(),
                            contents[v.number],
                        )
                    ),
                )
                for v in page.object_list
            ],
            "numbers": range(access.plan.version, access.first_version - 1, -1),
        },
    )


@login_required
def version(request, pk, number):
    access = get_plan_for(request.user, pk, Need.READ)
    shown = selectors.version_number(access.plan, number) if number >= access.first_version else None
    if shown is None:
        raise Http404
    previous = selectors.version_number(access.plan, number - 1) if number > access.first_version else None
    content = shown.parsed
    return render(
        request,
        "plans/version.html",
        {
            "access": access,
            "plan": access.plan,
            "version": shown,
            "previous": previous,
            "content": content,
            "here": f"Version {shown.number}",
            "parts": changes_between(previous.parsed if previous else PlanContent(), content),
            "today": timezone.localdate(),
        },
    )


def _number(value, default: int, last: int, lowest: int = 1) -> int | None:
    try:
        number = int(value) if value not in (None, "") else default
    except (TypeError, ValueError):
        return None
    return number if lowest <= number <= last else None


@login_required
def diff(request, pk):
    access = get_plan_for(request.user, pk, Need.READ)
    plan = access.plan
    last, lowest = plan.version, access.first_version
    first = _number(request.GET.get("from"), max(last - 1, lowest), last, lowest)
    second = _number(request.GET.get("to"), last, last, lowest)
    if first is None or second is None:
        messages.error(request, f"Choose two versions between {lowest} and {last} to compare.")
        first, second = max(last - 1, lowest), last
    if first > second:
        first, second = second, first
    older, newer = selectors.version_number(plan, first), selectors.version_number(plan, second)
    if older is None or newer is None:
        raise Http404
    return render(
        request,
        "plans/diff.html",
        {
            "access": access,
            "plan": plan,
            "older": older,
            "newer": newer,
            "parts": changes_between(older.parsed, newer.parsed),
            "numbers": range(last, lowest - 1, -1),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def comments(request, pk):
    access = get_plan_for(request.user, pk, Need.COMMENT)
    plan = access.plan
    if request.method == "POST":
        form = CommentForm(request.POST)
        anchor = "comments"
        if not form.is_valid():
            messages.error(request, f"{next(iter(form.errors.values()))[0]} Nothing was added.")
        else:
            data = form.cleaned_data
            try:
                comment, created = services.comment_add(
                    plan=plan, author=request.user, body=data["body"], goal=data["goal"], parent_id=data["parent"]
                )
            except services.PlanError as exc:
                messages.error(request, str(exc))
            else:
                anchor = f"goal-{comment.goal}" if comment.goal else "comments"
                if not created:
                    messages.info(request, "You had already sent this; it is there once.")
                else:
                    messages.success(
                        request, "Your answer is added." if comment.parent_id else "Your comment is added."
                    )
        if request.POST.get("back") == "plan":
            return redirect(f"{plan.get_absolute_url()}#{anchor}")
        return redirect("plans:comments", plan.pk)
    content = selectors.content_of(plan)
    threads = selectors.threads_by_goal(plan)
    goals = {goal.key: goal for goal in content.goals}
    groups = [(goal, threads.get(goal.key, [])) for goal in content.goals]
    removed = [t for key, items in threads.items() if key and key not in goals for t in items]
    return render(
        request,
        "plans/comments.html",
        {
            "access": access,
            "plan": plan,
            "content": content,
            "general": threads.get("", []),
            "groups": groups,
            "removed": removed,
            "comment_form": CommentForm(),
        },
    )


@login_required
def pdf(request, pk):
    access = get_plan_for(request.user, pk, Need.READ)
    version = selectors.version_current(access.plan)
    if version is None:
        raise Http404
    from .pdf import plan_pdf  # WeasyPrint is slow to import; only this view needs it

    data = plan_pdf(access.plan, version, ProgramSettings.load(), timezone.localdate())
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(
        f"Action plan - {access.plan.mentee.name} - version {version.number}.pdf"
    )
    return response


@coordinator_required
def overview(request):
    overdue = request.GET.get("overdue") == "1"
    started = {"yes": True, "no": False}.get(request.GET.get("started", ""))
    page = Paginator(selectors.active_matches_listed(overdue=overdue, started=started), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.matches_progress(list(page.object_list))
    return render(
        request,
        "plans/overview.html",
        {
            "page": page,
            "filters": {"overdue": overdue, "started": request.GET.get("started", "")},
            "query": request.GET.urlencode(),
            "today": timezone.localdate(),
        },
    )
