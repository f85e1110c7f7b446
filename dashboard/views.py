import re
import uuid
from collections.abc import Callable, Iterator
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.views.decorators.http import require_http_methods

from checkins import dates
from checkins import selectors as checkins
from core.csv import csv_response, written_csv_response
from core.downloads import attachment_header
from core.ids import id_or_none
from core.search import search_text
from health.selectors import heartbeat_status
from matches.models import CloseReason, MatchStatus
from meetings import selectors as meetings
from outbox.selectors import failed_messages
from outbox.services import messages_retry
from profiles.access import coordinator_required
from profiles.mail import program_context
from profiles.models import MenteeCategory, ProgramSettings, Role, Status
from profiles.selectors import disciplines, program_shown
from support.selectors import concerns_about, urgent_open

from . import charts, exports, groups, selectors, services, snapshot
from . import emails as dashboard_emails
from .forms import ExportPeriodForm, GroupMessageForm, PeriodForm

PAGE_SIZE = 50


@coordinator_required
def dashboard(request):
    """The figures come from the snapshot (``dashboard.snapshot``: kept by beat, or computed now after
    this coordinator's own change); the alerts that follow the coordinator's own actions are read live."""
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "figures": snapshot.figures_for(own_change_at=request.session.get(snapshot.OWN_CHANGE_KEY)),
            "heartbeat": heartbeat_status(cached=True),
            # Without a broker (``make run``: tasks in-process) no beat can run: say so instead of warning.
            "no_scheduler": settings.CELERY_TASK_ALWAYS_EAGER,
            "urgent": list(urgent_open()[:5]),
            "failed_emails": failed_messages().count(),
            "patterns": charts.pattern_defs(),
            "today": timezone.localdate(),
            "export_years": _export_years(),
        },
    )


def _export_years() -> list[tuple[int, str]]:
    """The program years the exports offer: this one and the four before it."""
    program = program_shown()
    this_year = program.year_of(timezone.localdate())
    return [(y, program.year_label(y)) for y in range(this_year, this_year - 5, -1)]


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _choice(request, name, allowed):
    value = request.GET.get(name, "")
    return value if value in allowed else ""


@coordinator_required
def participants(request):
    role = _choice(request, "role", Role.values)
    status = _choice(request, "status", Status.values)
    category = _choice(request, "category", MenteeCategory.values)
    discipline = request.GET.get("discipline", "")
    risky = request.GET.get("at_risk") == "1"
    profiles = selectors.participants_found(
        role=role, status=status, category=category, discipline_id=id_or_none(discipline), at_risk=risky
    )
    page = _page(request, profiles)
    return render(
        request,
        "dashboard/participants.html",
        {
            "page": page,
            # Only what the list shows, not each person's whole profile and account.
            "rows": selectors.participant_rows(page.object_list),
            "filters": {
                "role": role,
                "status": status,
                "category": category,
                "discipline": discipline,
                "at_risk": risky,
            },
            "roles": Role.choices,
            "statuses": Status.choices,
            "categories": MenteeCategory.choices,
            "disciplines": disciplines(),
            "query": request.GET.urlencode(),
        },
    )


@coordinator_required
def matches(request):
    status = _choice(request, "status", MatchStatus.values)
    reason = _choice(request, "reason", CloseReason.values)
    discipline = request.GET.get("discipline", "")
    risky = request.GET.get("at_risk") == "1"
    unsigned = request.GET.get("unsigned") == "1"
    recent = request.GET.get("recent") == "1"
    found = checkins.at_risk_found() if risky else None
    queryset = selectors.matches_found(
        status=status,
        reason=reason,
        discipline_id=id_or_none(discipline),
        at_risk=found,
        unsigned=unsigned,
        recent=recent,
    )
    page = _page(request, queryset)
    # Only what the list shows: fifty matches with their people's whole rows cost more to read than to find.
    rows = selectors.match_rows(page.object_list)
    if risky:  # why, for the matches on this page only
        reasons = {
            item.match.pk: "; ".join(item.reasons)
            for item in checkins.at_risk(only=[row["pk"] for row in rows], found=found)
        }
        for row in rows:
            row["why"] = reasons.get(row["pk"], "")
    return render(
        request,
        "dashboard/matches.html",
        {
            "page": page,
            "rows": rows,
            "filters": {
                "status": status,
                "reason": reason,
                "discipline": discipline,
                "at_risk": risky,
                "unsigned": unsigned,
                "recent": recent,
            },
            "statuses": MatchStatus.choices,
            "reasons": CloseReason.choices,
            "disciplines": disciplines(),
            "query": request.GET.urlencode(),
        },
    )


TIMELINE_SHOWN = 15  # the rest folds behind "Earlier"


@coordinator_required
def match(request, pk):
    """One page for one partnership: who, how it goes (check-ins, contact, agreements, plan, concerns),
    its whole timeline, and what the coordinator can do next."""
    found = selectors.match_shown(pk)
    checkin_rows = checkins.checkins_of(found)  # read once: for the answers and for the timeline
    # Likewise, in one query: the match's events, signatures, plan and meeting events, meetings and contact logged.
    records = selectors.match_records(found)
    # Each moment as the page writes it ("j M Y"), formatted here at once rather than by a filter per row.
    items = [
        (selectors.day_shown(at), kind, text, note)
        for at, kind, text, note in selectors.match_timeline(found, checkin_rows, records)
    ]
    return render(
        request,
        "dashboard/match.html",
        {
            "match": found,
            "items": items[:TIMELINE_SHOWN],
            "earlier_items": items[TIMELINE_SHOWN:],
            "answers": [
                (f"{MONTHS_3[month.month].title()} {month.year}", (mentor, mentee))  # month|date:"M Y"
                for month, mentor, mentee in checkins.answers_by_month(found, checkin_rows)
            ],
            "concerns": concerns_about(found),
            "contacts": records.contacts[:10],
            "meetings": meetings.meetings_shown(records.meetings[:10]),
            "signatures": records.signatures,
        },
    )


def _export_period(request) -> tuple[date | None, date | None, str] | None:
    """The period an export asks for: ``?year=`` (a program year), or ``?start=YYYY-MM&end=YYYY-MM``
    (either may be left out), or nothing (everything); None when it cannot be read."""
    program = program_shown()
    year = request.GET.get("year", "").strip()
    if year:
        if not re.fullmatch(r"[0-9]{4}", year) or not 2000 <= int(year) <= 2100:
            return None
        first = date(int(year), program.year_start_month, 1)
        last = dates.previous_month(date(int(year) + 1, program.year_start_month, 1))
        return first, last, f"-{program.year_label(int(year))}"
    if request.GET.get("start") or request.GET.get("end"):
        form = ExportPeriodForm(request.GET)
        if not form.is_valid():
            return None
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        return start, end, (f"-{start:%Y-%m}" if start else "") + (f"-to-{end:%Y-%m}" if end else "")
    return None, None, ""


@coordinator_required
def export(request, kind):
    """A CSV export (D4): everything, a program year (``?year=``) or a period (``?start=&end=``, months)."""
    builders: dict[str, Callable[[date | None, date | None], tuple[list[str], Iterator[list]]]] = {
        "hours": exports.hours_rows,
        "checkins": exports.checkin_rows,
        "matches": exports.match_rows,
    }
    if kind not in builders:
        raise Http404
    period = _export_period(request)
    if period is None:
        messages.error(
            request,
            "The period was not understood (months as YYYY-MM, the first before the last); nothing was exported.",
        )
        return redirect("dashboard:dashboard")
    start, end, suffix = period
    filename = f"{kind}{suffix}-{timezone.localdate():%Y-%m-%d}.csv"
    # Written by the database where it can (PostgreSQL): a big program's whole history is millions of rows.
    by_database = {"hours": exports.hours_csv, "checkins": exports.checkin_csv}
    if kind in by_database and (written := by_database[kind](start, end)) is not None:
        return written_csv_response(filename, *written)
    header, rows = builders[kind](start, end)
    return csv_response(filename, header, rows)


def _statement(request, mentor):
    first = selectors.first_mentoring_month(mentor)
    start = max(first or date.min, date(timezone.localdate().year, 1, 1))
    form = PeriodForm(
        request.GET or None,
        initial={"start": f"{start:%Y-%m}", "end": f"{dates.previous_month(timezone.localdate()):%Y-%m}"},
    )
    if request.GET and form.is_valid():
        statement = selectors.hours_statement(mentor, form.cleaned_data["start"], form.cleaned_data["end"])
        response = HttpResponse(exports.statement_pdf(statement), content_type="application/pdf")
        response["Content-Disposition"] = attachment_header(
            f"Mentoring hours {mentor.name} {statement.start:%Y-%m} to {statement.end:%Y-%m}.pdf"
        )
        return response
    if request.GET:
        messages.error(request, "Please correct the period; no statement was made.")
    return render(request, "dashboard/statement_form.html", {"form": form, "mentor": mentor})


@login_required
def my_statement(request):
    profile = request.user.profile_or_none
    if profile is None or profile.role != Role.MENTOR or profile.status != Status.APPROVED:
        raise Http404
    return _statement(request, request.user)


@coordinator_required
def mentor_statement(request, user_pk):
    return _statement(request, selectors.approved_mentor(user_pk))


@coordinator_required
@require_http_methods(["GET", "POST"])
def failed_emails(request):
    """E-mails the mail server refused for good or that ran out of tries; send them again after a fix."""
    if request.method == "POST":
        ids = [pk for pk in map(id_or_none, request.POST.getlist("message")) if pk is not None]
        as_written = request.POST.get("content") == "as_written"
        if as_written:
            count = messages_retry(ids=ids)
        else:
            program = ProgramSettings.load()
            count = messages_retry(
                ids=ids,
                context={"program": program_context(program)},
                reply_to=[program.contact_email] if program.contact_email else [],
            )
        if count:
            how = "as they were written" if as_written else "with the program's current name and contact"
            messages.success(request, f"{count} e-mail{'s' if count != 1 else ''} queued to be sent again, {how}.")
        else:
            messages.info(request, "Nothing was queued: choose at least one e-mail that failed.")
        return redirect("dashboard:failed_emails")
    return render(
        request,
        "dashboard/failed_emails.html",
        {"page": _page(request, failed_messages()), "program": ProgramSettings.load()},
    )


@coordinator_required
def search(request):
    """Find a person or a match by name or e-mail, from any coordinator page."""
    query = search_text(request.GET.get("q", ""))
    people, found_matches = selectors.search_found(query) if len(query) >= 2 else ([], [])
    return render(request, "dashboard/search.html", {"query": query, "people": people, "matches": found_matches})


@coordinator_required
def message_new(request):
    """Write to a group: choose it, write, see how many and a preview, confirm. GET starts from a list's
    filter (``?group=participants&filter=<its query string>``); only the confirmed POST sends."""
    if request.method != "POST":
        initial = {"group": request.GET.get("group", "mentors"), "filter": request.GET.get("filter", "")[:500]}
        return render(request, "dashboard/message_form.html", {"form": GroupMessageForm(initial=initial)})
    form = GroupMessageForm(request.POST)
    if not form.is_valid():
        return render(request, "dashboard/message_form.html", {"form": form}, status=400)
    group = form.group_chosen()
    if "send" in request.POST and form.cleaned_data["token"]:
        try:
            message, sent = services.group_message_send(
                token=form.cleaned_data["token"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                group=group,
                by=request.user,
            )
        except services.MessageError as problem:
            messages.error(request, str(problem))
            return render(request, "dashboard/message_form.html", {"form": form}, status=400)
        if sent:
            messages.success(request, f"Your message is on its way to {message.recipients} people.")
        else:
            messages.info(request, "That message was already sent; it was not sent again.")
        return redirect("dashboard:messages")
    if "preview" not in request.POST and "send" not in request.POST:  # "change": back to writing
        return render(request, "dashboard/message_form.html", {"form": form})
    people = groups.recipients(group)
    count = people.count()
    first = people.first()
    preview = None
    if first is not None:
        preview = {"name": first.get_short_name(), "html": dashboard_emails.message_html(form.cleaned_data["body"])}
    data = {**form.cleaned_data, "token": uuid.uuid4(), "filter": form.cleaned_data.get("filter", "")}
    return render(
        request,
        "dashboard/message_form.html",
        {
            "form": GroupMessageForm(initial=data),
            "confirm": GroupMessageForm(initial=data),
            "group": group,
            "count": count,
            "preview": preview,
            "first": first,
        },
    )


@coordinator_required
def messages_sent(request):
    page = _page(request, selectors.group_messages())
    return render(
        request,
        "dashboard/messages.html",
        {"page": page, "rows": list(selectors.group_message_deliveries(page.object_list).items())},
    )
