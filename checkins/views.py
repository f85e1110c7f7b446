from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from audit import services as audit
from audit.models import Kind
from core import linkpages
from profiles.access import coordinator_required
from profiles.models import ProgramSettings
from support.links import report_url

from . import dates, links, selectors, services
from .access import get_checkin_for, get_notebook_entry_for, get_notebook_match_for
from .forms import MenteeCheckInForm, MentorCheckInForm, NotebookEntryForm
from .models import CheckIn, CheckInStatus, NotebookEntry


def _form(checkin, data, initial):
    form_class = MentorCheckInForm if checkin.is_mentor else MenteeCheckInForm
    return form_class(data, instance=checkin, initial=initial)


def _initial(checkin):
    """A mentor's open check-in starts with the hours logged in the notebook that month."""
    if checkin.is_mentor and checkin.status == CheckInStatus.OPEN:
        return selectors.notebook_hours(match=checkin.match, month=checkin.hours_month)
    return {}


def _submit(request, checkin, answer):
    try:
        saved = services.checkin_submit(checkin=checkin, answer=answer)
    except services.CheckInClosed as exc:
        messages.error(request, str(exc))
    else:
        if saved.late:
            messages.success(
                request, "Thank you! Your answer is saved. It came in after the window, so it is marked late."
            )
        else:
            messages.success(request, "Thank you! Your answer is saved. You can change it until the window closes.")


def _context(request, checkin):
    return {
        "checkin": checkin,
        "partner": checkin.match.partner_of(checkin.person),
        "concern_url": f"{reverse('support:report')}?match={checkin.match_id}"
        if request.user.is_authenticated
        else report_url(person_id=checkin.person_id, match_id=checkin.match_id),
    }


ANSWER_PAGE = linkpages.AnswerPage(
    what="check-in",
    expired="Links in check-in e-mails work for a limited time.",
    template="checkins/answer.html",
    form=_form,
    initial=_initial,
    is_open=selectors.checkin_is_editable,
    submit=_submit,
    closed=(messages.ERROR, "This check-in can no longer be changed; nothing was saved."),
    refused="Please correct the highlighted answers; nothing was saved.",
    context=_context,
)


@require_http_methods(["GET", "POST"])
def answer_by_link(request, pk, token):
    program = ProgramSettings.load()
    return linkpages.answer_by_link(
        request,
        ANSWER_PAGE,
        person_of=lambda: links.person_of(token, pk, program),
        named=CheckIn.objects.select_related("match__mentor", "match__mentee", "person").filter(pk=pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk):
    return linkpages.answer(request, get_checkin_for(request.user, pk), ANSWER_PAGE)


@login_required
@require_http_methods(["GET", "POST"])
def notebook(request, match_pk):
    match = get_notebook_match_for(request.user, match_pk)
    entries = NotebookEntry.objects.filter(match=match).select_related("author", "match")
    if request.method == "POST":
        # A sent form shows what was sent: the entries are read only when it comes back with its errors.
        form = NotebookEntryForm(request.POST, match=match, initial={"date": timezone.localdate()})
    else:
        last = next((entry for entry in entries if entry.author_id == request.user.pk), None)
        form = NotebookEntryForm(
            match=match, initial={"date": timezone.localdate(), "form": last.form if last else "in_person"}
        )
    if request.method == "POST":
        if form.is_valid():
            try:
                _, created = services.notebook_add(match=match, author=request.user, **form.cleaned_data)
            except services.NotebookError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, "Logged in your notebook. Thank you!" if created else "That entry was already logged."
                )
            return redirect("checkins:notebook", match_pk=match.pk)
        messages.error(request, "Please correct the highlighted fields; nothing was logged.")
    now = timezone.now()
    return render(
        request,
        "checkins/notebook.html",
        {
            "match": match,
            "partner": match.partner_of(request.user),
            "form": form,
            "entries": [(entry, entry.editable_by(request.user, now)) for entry in entries],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notebook_edit(request, pk):
    entry = get_notebook_entry_for(request.user, pk)
    form = NotebookEntryForm(request.POST if request.method == "POST" else None, instance=entry, match=entry.match)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.notebook_edit(entry=entry, by=request.user, **form.cleaned_data)
            except services.NotebookError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, "Entry corrected. The earlier wording is kept.")
            return redirect("checkins:notebook", match_pk=entry.match_id)
        messages.error(request, "Please correct the highlighted fields; nothing was changed.")
    return render(request, "checkins/notebook_edit.html", {"entry": entry, "form": form})


@login_required
@require_POST
def notebook_remove(request, pk):
    entry = get_notebook_entry_for(request.user, pk)
    try:
        services.notebook_remove(entry=entry, by=request.user)
    except services.NotebookError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Entry removed. It no longer counts toward your hours.")
    return redirect("checkins:notebook", match_pk=entry.match_id)


AT_RISK_SHOWN = 10  # the rest behind "Show all"


@coordinator_required
def coordinator(request):
    month = dates.parse_month(request.GET.get("month", "")) if request.GET.get("month") else None
    if request.GET.get("month") and month is None:
        messages.error(request, "That month is not valid; showing the latest one.")
    month = month or selectors.latest_month() or dates.month_start(timezone.localdate())
    overview = selectors.month_overview(month, show=request.GET.get("show", "all"), page=request.GET.get("page"))
    # Each answer shown to the coordinator is a sensitive read (V4): one row per answer, in one insert.
    shown = [(c.pk, c.person_id) for c in overview.page.object_list if c.status == CheckInStatus.ANSWERED]
    if shown:
        audit.reads_record(request=request, kind=Kind.CHECKIN, objects=shown)
    # The first few matches at risk, or all of them when asked (?risk=all): hundreds in a big program.
    found = selectors.at_risk_found()
    every_risk = request.GET.get("risk") == "all"
    return render(
        request,
        "checkins/coordinator.html",
        {
            "overview": overview,
            "answers_query": urlencode({"month": f"{month:%Y-%m}", "show": overview.show}),
            "at_risk": selectors.at_risk(only=None if every_risk else list(found)[:AT_RISK_SHOWN], found=found),
            "at_risk_count": len(found),
            "previous": dates.previous_month(month),
            "next": dates.next_month(month),
            "this_month": dates.month_start(timezone.localdate()),
        },
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def open_month(request):
    """A confirmation page (GET), then the month opens (POST): thousands of e-mails deserve a second look."""
    month = dates.parse_month((request.POST if request.method == "POST" else request.GET).get("month", ""))
    if month is None:
        messages.error(request, "Please give the month as YYYY-MM; nothing was opened.")
        return redirect("checkins:coordinator")
    if month > dates.month_start(timezone.localdate()):
        # Opening a month marks the earlier months' unanswered check-ins missed, windows still open or not.
        messages.error(
            request, f"{month:%B %Y} has not begun: its check-ins open on or after its first day. Nothing was opened."
        )
        return redirect(f"{reverse('checkins:coordinator')}?month={month:%Y-%m}")
    if request.method == "GET":
        return render(request, "checkins/open_month.html", {"month": month, **selectors.opening_preview(month)})
    result = services.checkins_open_month(month=month)
    messages.success(
        request,
        f"{month:%B %Y}: {result.created} check-in{'s' if result.created != 1 else ''} opened, "
        f"{result.queued} e-mail{'s' if result.queued != 1 else ''} to send."
        + (" Nothing new: this month was already open." if not result.created else ""),
    )
    return redirect(f"{reverse('checkins:coordinator')}?month={month:%Y-%m}")
