from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkins.forms import NotebookEntryForm
from profiles.models import ProgramSettings, Status

from . import calendar, emails, selectors, services
from .access import get_match_for, get_meeting_for
from .forms import DeclineForm, MeetingForm
from .models import MeetingStatus
from .services import MeetingError


def _back(meeting):
    return redirect("meetings:for_match", match_pk=meeting.match_id)


@login_required
@require_http_methods(["GET", "POST"])
def for_match(request, match_pk):
    """A partnership's meetings: those to come (to answer, planned), those to say held, the past ones, the
    history, and the form to propose the next one."""
    match = get_match_for(request.user, match_pk)
    form = MeetingForm(request.POST or None, actions=selectors.plan_actions_open(match))
    if request.method == "POST":
        if form.is_valid():
            try:
                _, created = services.meeting_propose(match=match, by=request.user, **form.meeting_data())
            except MeetingError as exc:
                messages.error(request, str(exc))
            else:
                partner = match.partner_of(request.user)
                messages.success(
                    request,
                    f"Meeting proposed. {partner.get_short_name()} is asked to answer by e-mail."
                    if created
                    else "That proposal was already sent.",
                )
            return redirect("meetings:for_match", match_pk=match.pk)
        messages.error(request, "Please correct the highlighted fields; nothing was proposed.")
    return render(
        request,
        "meetings/for_match.html",
        {
            "match": match,
            "partner": match.partner_of(request.user),
            "meetings": selectors.meetings_of_match(match),
            "form": form,
            "decline_form": DeclineForm(),
            "zone": timezone.get_current_timezone_name(),
        },
    )


@login_required
@require_POST
def accept(request, pk):
    meeting = get_meeting_for(request.user, pk)
    try:
        done = services.meeting_accept(meeting=meeting, by=request.user)
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Meeting accepted. You both get a calendar invitation by e-mail." if done else "It was already accepted.",
        )
    return _back(meeting)


@login_required
@require_POST
def decline(request, pk):
    meeting = get_meeting_for(request.user, pk)
    form = DeclineForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        done = services.meeting_decline(meeting=meeting, by=request.user, note=note)
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            f"Declined. {meeting.proposed_by.get_short_name()} is told." if done else "It was already declined.",
        )
    return _back(meeting)


@login_required
@require_http_methods(["GET", "POST"])
def change(request, pk):
    """Another time: a counter-proposal (waiting for your answer) or a planned meeting moved."""
    meeting = get_meeting_for(request.user, pk)
    movable = meeting.match.is_active and (
        (meeting.status == MeetingStatus.PROPOSED and meeting.proposed_by_id != request.user.pk)
        or (meeting.status == MeetingStatus.ACCEPTED and not meeting.outcome and meeting.starts_at > timezone.now())
    )
    if not movable:
        messages.error(request, "This meeting cannot be moved now.")
        return _back(meeting)
    form = MeetingForm(
        request.POST or None,
        initial=MeetingForm.initial_for(meeting),
        actions=selectors.plan_actions_open(meeting.match),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                kind = services.meeting_change(meeting=meeting, by=request.user, **form.meeting_data())
            except MeetingError as exc:
                messages.error(request, str(exc))
            else:
                partner = meeting.match.partner_of(request.user).get_short_name()
                messages.success(
                    request,
                    {
                        "countered": f"Another time proposed. {partner} is asked to answer.",
                        "rescheduled": f"Meeting moved. You and {partner} get the updated invitation.",
                    }.get(kind, "Nothing changed."),
                )
            return _back(meeting)
        messages.error(request, "Please correct the highlighted fields; nothing was changed.")
    return render(
        request,
        "meetings/change.html",
        {"meeting": meeting, "form": form, "partner": meeting.match.partner_of(request.user)},
    )


@login_required
@require_POST
def cancel(request, pk):
    meeting = get_meeting_for(request.user, pk)
    was_planned = meeting.status == MeetingStatus.ACCEPTED
    try:
        done = services.meeting_cancel(meeting=meeting, by=request.user, note=request.POST.get("note", "")[:300])
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        partner = meeting.match.partner_of(request.user).get_short_name()
        if not done:
            messages.info(request, "It was already cancelled.")
        elif was_planned:
            messages.success(request, f"Meeting cancelled. It leaves your calendar and {partner}'s.")
        else:
            messages.success(request, f"Proposal withdrawn. {partner} is told.")
    return _back(meeting)


def _held_initial(meeting) -> dict:
    agenda = [line.lstrip("- ").strip() for line in meeting.agenda.splitlines() if line.strip()]
    return {
        "date": timezone.localdate(meeting.starts_at),
        "form": meeting.form,
        "minutes": meeting.minutes,
        "topics": ", ".join(agenda)[:300] if agenda else "",
    }


@login_required
@require_http_methods(["GET", "POST"])
def held(request, pk):
    """Yes, we met: the notebook's form, filled in from the meeting (date, form, length)."""
    meeting = get_meeting_for(request.user, pk)
    if meeting.outcome or meeting.status != MeetingStatus.ACCEPTED or meeting.starts_at > timezone.now():
        if meeting.outcome:
            who = "You" if meeting.outcome_by_id == request.user.pk else meeting.match.partner_of(request.user).name
            messages.info(request, f"{who} already said this meeting was {meeting.get_outcome_display().lower()}.")
        else:
            messages.error(request, "This meeting cannot be logged as held.")
        return _back(meeting)
    form = NotebookEntryForm(request.POST or None, initial=_held_initial(meeting), match=meeting.match)
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.meeting_held(meeting=meeting, by=request.user, **form.cleaned_data)
            except MeetingError as exc:
                messages.error(request, str(exc))
                return _back(meeting)
            if entry is None:
                messages.info(request, "This meeting was already logged.")
            else:
                messages.success(request, "Logged in your notebook as held. Thank you!")
            return redirect("checkins:notebook", match_pk=meeting.match_id)
        messages.error(request, "Please correct the highlighted fields; nothing was logged.")
    return render(
        request,
        "meetings/held.html",
        {"meeting": meeting, "form": form, "partner": meeting.match.partner_of(request.user)},
    )


@login_required
@require_POST
def missed(request, pk):
    meeting = get_meeting_for(request.user, pk)
    try:
        done = services.meeting_missed(meeting=meeting, by=request.user)
    except MeetingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            "Noted: the meeting did not happen. Why not plan the next one?"
            if done
            else "One of you had already answered.",
        )
    return _back(meeting)


@login_required
@require_GET
def invitation(request, pk):
    """The meeting's calendar invitation, to add it by hand: the same UID as the e-mailed ones."""
    meeting = get_meeting_for(request.user, pk)
    if meeting.status != MeetingStatus.ACCEPTED:
        raise Http404
    body = calendar.invitation(emails.calendar_entry(meeting, request.user, ProgramSettings.load()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@require_GET
def feed(request, token):
    """A person's private calendar (K2), by its secret address: no login, as calendars subscribe.
    Unknown or revoked: 404. Its ETag is the fingerprint of its events, so a calendar asking again for
    an unchanged feed gets a 304 before any calendar text is built."""
    if len(token) > 100:
        raise Http404
    user = selectors.feed_owner(services.token_hash(token))
    if user is None:
        raise Http404
    found = selectors.feed_for(user)
    if found.etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(found.body(), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="mentoring.ics"'
    response["ETag"] = found.etag
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _participant(request):
    user = request.user
    profile = user.profile_or_none if user.is_authenticated else None
    if user.is_coordinator or profile is None or profile.status != Status.APPROVED:
        raise Http404
    return user


def feed_urls(request, token: str) -> dict:
    https = request.build_absolute_uri(reverse("meetings:feed", args=[token]))
    if settings.SITE_URL:
        https = f"{settings.SITE_URL}{reverse('meetings:feed', args=[token])}"
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request):
    """The private calendar address: made (shown once, as only its hash is kept), made anew, or turned off."""
    user = _participant(request)
    context: dict = {}
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "new":
            token = services.feed_make(user=user)
            messages.success(request, "Your calendar address is ready. Copy it now: it is shown only this once.")
            context["urls"] = feed_urls(request, token)
        elif action == "off":
            if services.feed_revoke(user=user):
                messages.success(request, "Calendar address turned off: calendars using it get nothing more.")
            else:
                messages.info(request, "You had no calendar address.")
            return redirect("meetings:calendar")
        else:
            messages.error(request, "Nothing was changed.")
            return redirect("meetings:calendar")
    context["feed"] = selectors.feed_of(user)
    return render(request, "meetings/calendar.html", context)


def account_section(user) -> dict:
    """The account page's calendar section."""
    profile = user.profile_or_none
    shown = bool(profile and profile.status == Status.APPROVED and not user.is_coordinator)
    return {"shown": shown, "feed": selectors.feed_of(user) if shown else None}
