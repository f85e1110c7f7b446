from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core import linkpages
from core.csv import csv_response
from core.ids import id_or_none
from core.redirects import redirect_next
from matches.access import get_match_for
from matches.models import CloseReason
from plans import selectors as plan_selectors
from profiles.access import coordinator_required
from profiles.models import ProgramSettings, Role

from . import links, selectors, services
from .access import get_closed_match_for, get_mentees_match_for, get_survey_for
from .forms import AvailabilityForm, CloseForm, NominationForm, SurveyForm, ThanksForm
from .models import AWARD_UNNAMED, Survey


@login_required
@require_http_methods(["GET", "POST"])
def close(request, pk):
    match = get_match_for(request.user, pk)
    by_partner = request.user.pk in (match.mentor_id, match.mentee_id)
    if not (by_partner or request.user.is_coordinator):
        raise Http404
    if not match.is_active:
        messages.info(request, "This partnership is not active, so there is nothing to close.")
        return redirect(match.get_absolute_url() if request.user.is_coordinator else "home")
    form = CloseForm(request.POST if request.method == "POST" else None, by_partner=by_partner)
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.partnership_close(
                    match=match, by=request.user, reason=form.cleaned_data["reason"], note=form.cleaned_data["note"]
                )
            except services.EndingError as exc:
                messages.error(request, str(exc))
                return redirect("home")
            if not result.closed:
                messages.info(request, "This partnership was already closed.")
            elif by_partner:
                messages.success(
                    request,
                    f"Your partnership with {match.partner_of(request.user).name} is closed. "
                    "They and the coordinator have been told.",
                )
            else:
                messages.success(request, "The partnership is closed. Both partners have been told by e-mail.")
            if by_partner:
                return redirect("endings:closed", pk=match.pk)
            return redirect(match.get_absolute_url())
        messages.error(request, "Please choose why the partnership ends. Nothing was changed.")
    return render(
        request,
        "endings/close.html",
        {
            "match": match,
            "form": form,
            "by_partner": by_partner,
            "partner": match.partner_of(request.user) if by_partner else None,
            "is_mentee": request.user.pk == match.mentee_id,
        },
    )


@login_required
def closed(request, pk):
    match = get_closed_match_for(request.user, pk)
    is_mentee = request.user.pk == match.mentee_id
    survey = Survey.objects.filter(match=match, person=request.user).first()
    profile = request.user.profile_or_none
    return render(
        request,
        "endings/closed.html",
        {
            "match": match,
            "partner": match.partner_of(request.user),
            "is_mentee": is_mentee,
            "survey": survey,
            "profile": profile,
            "completed": match.close_reason == CloseReason.COMPLETED,
            "availability_form": AvailabilityForm(
                initial={"open_to_mentees": "yes" if profile.open_to_mentees else "no"}
            ),
        },
    )


@login_required
def plan_archive(request, pk):
    """The mentee's action plan as it stood on the day the partnership closed, for both former partners to keep."""
    match = get_closed_match_for(request.user, pk)
    version = plan_selectors.version_at_close(match)
    return render(
        request,
        "endings/plan_archive.html",
        {
            "match": match,
            "partner": match.partner_of(request.user),
            "version": version,
            "content": version.parsed if version else None,
            "is_mentee": request.user.pk == match.mentee_id,
            "today": timezone.localdate(match.closed_at),
        },
    )


def _submit(request, survey, answer):
    if services.survey_answer(survey=survey, answer=answer):
        messages.success(request, "Thank you! Your answers help the program get better.")
    else:
        messages.info(request, "You had already answered this survey; thank you.")


SURVEY_PAGE = linkpages.AnswerPage(
    what="survey",
    expired="Survey links work for six weeks after the partnership closes.",
    template="endings/survey.html",
    form=lambda survey, data, initial: SurveyForm(data, mentee=survey.is_mentee),
    is_open=lambda survey: not survey.is_answered,
    submit=_submit,
    closed=(messages.INFO, "You had already answered this survey; thank you."),
    refused="Please answer the highlighted questions; nothing was saved.",
    context=lambda request, survey: {"survey": survey, "partner": survey.match.partner_of(survey.person)},
)


@login_required
@require_http_methods(["GET", "POST"])
def survey(request, pk):
    return linkpages.answer(request, get_survey_for(request.user, pk), SURVEY_PAGE)


@require_http_methods(["GET", "POST"])
def survey_by_link(request, pk, token):
    return linkpages.answer_by_link(
        request,
        SURVEY_PAGE,
        person_of=lambda: links.person_of(token, pk),
        named=Survey.objects.select_related("match__mentor", "match__mentee", "person").filter(pk=pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def thank(request, match_pk):
    match = get_mentees_match_for(request.user, match_pk)
    form = ThanksForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            _, created = services.thanks_send(match=match, mentee=request.user, message=form.cleaned_data["message"])
            messages.success(
                request,
                f"Your note is on its way to {match.mentor.name}." if created else "This note was already sent.",
            )
            return redirect("endings:closed", pk=match.pk) if match.status == "closed" else redirect("home")
        messages.error(request, "Please write your note; nothing was sent.")
    return render(
        request,
        "endings/thank.html",
        {"match": match, "form": form, "sent": list(selectors.thanks_sent(match, request.user))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request, match_pk):
    match = get_mentees_match_for(request.user, match_pk)
    program = ProgramSettings.load()
    earlier = selectors.nomination_this_year(match, request.user, program)
    form = NominationForm(
        request.POST if request.method == "POST" else None, initial={"reason": earlier.reason} if earlier else None
    )
    if request.method == "POST":
        if form.is_valid():
            _, created = services.mentor_nominate(match=match, mentee=request.user, reason=form.cleaned_data["reason"])
            messages.success(
                request,
                f"Thank you: {match.mentor.name} is nominated. The coordinator will read your reasons."
                if created
                else f"Your nomination of {match.mentor.name} now gives these reasons; the earlier ones are replaced.",
            )
            return redirect("endings:closed", pk=match.pk) if match.status == "closed" else redirect("home")
        messages.error(request, "Please say why you nominate your mentor; nothing was sent.")
    return render(
        request, "endings/nominate.html", {"match": match, "form": form, "program": program, "earlier": earlier}
    )


@login_required
@require_POST
def ask_for_mentor(request):
    profile = request.user.profile_or_none
    if profile is None or profile.role != Role.MENTEE or not profile.is_approved:
        raise Http404
    if services.mentor_ask(mentee=request.user):
        messages.success(
            request,
            "You are back on the list for a new mentor. The coordinator will introduce you "
            "by e-mail when there is a good match.",
        )
    else:
        messages.info(request, "You are already waiting for a mentor.")
    return redirect("home")


@login_required
@require_POST
def availability(request):
    profile = request.user.profile_or_none
    if profile is None or profile.role != Role.MENTOR or not profile.is_approved:
        raise Http404
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        services.mentor_availability_set(mentor=request.user, open_to_mentees=form.cleaned_data["open_to_mentees"])
        messages.success(
            request,
            "Thank you: the coordinator may offer you a new mentee when there is a good match."
            if form.cleaned_data["open_to_mentees"]
            else "Noted: you will not be offered a new mentee for now.",
        )
    else:
        messages.error(request, "Please choose yes or no.")
    return redirect_next(request, "home")


@login_required
def thanks_received(request):
    profile = request.user.profile_or_none
    if profile is None or profile.role != Role.MENTOR:
        raise Http404
    return render(request, "endings/thanks_received.html", {"thanks": selectors.thanks_for(request.user)})


@coordinator_required
@require_POST
def put_back(request, pk):
    match = get_match_for(request.user, pk)
    if services.mentor_ask(mentee=match.mentee):
        messages.success(request, f"{match.mentee.name} is back among the mentees to match.")
    else:
        messages.info(request, f"{match.mentee.name} is already among the mentees to match, or already matched.")
    return redirect(match.get_absolute_url())


def _year(request):
    value = request.GET.get("year", "")
    return int(value) if len(value) == 4 and id_or_none(value) is not None else None


ANSWERS_PER_PAGE = 50


@coordinator_required
def surveys(request):
    program = ProgramSettings.load()
    year = _year(request)
    years = selectors.survey_years(program)
    answers = Paginator(selectors.survey_answers_shown(year), ANSWERS_PER_PAGE)
    # The answers of the year (or of every year) are counted in the table of years already.
    answers.count = sum(row.answered for row in years if year is None or row.year == year)
    return render(
        request,
        "endings/surveys.html",
        {
            "years": years,
            "year": year,
            "year_label": program.year_label(year) if year else "",
            "answers": answers.get_page(request.GET.get("page")),
            "query": urlencode({"year": year}) if year else "",
        },
    )


@coordinator_required
def surveys_csv(request):
    year = _year(request)
    header = [
        "Program year",
        "Closed",
        "Role",
        "Person",
        "E-mail",
        "Partner",
        "How it went (1-5)",
        "Goals moved forward",
        "What helped most",
        "What to change",
        "Would take part again",
        "Answered",
    ]
    program = ProgramSettings.load()

    def rows():
        for s in selectors.survey_answers(year).iterator(chunk_size=500):
            yield [
                program.year_label(s.program_year),
                f"{s.match.closed_at:%Y-%m-%d}" if s.match.closed_at else "",
                s.get_role_display(),
                s.person.name,
                s.person.email,
                s.match.partner_of(s.person).name,
                s.rating,
                s.get_goals_moved_display() if s.goals_moved else "",
                s.helped_most,
                s.program_change,
                "" if s.again is None else ("yes" if s.again else "no"),
                f"{s.answered_at:%Y-%m-%d}",
            ]

    return csv_response(f"surveys{'-' + str(year) if year else ''}.csv", header, rows())


@coordinator_required
def nominations(request):
    program = ProgramSettings.load()
    year = _year(request)
    by_year: dict[str, list] = {}
    for nomination in selectors.nominations(year):
        by_year.setdefault(program.year_label(nomination.program_year), []).append(nomination)
    return render(
        request,
        "endings/nominations.html",
        {
            "by_year": by_year,
            "year": year,
            "years": [(y, program.year_label(y)) for y in selectors.nomination_years()],
            "award_now": program.award_name or AWARD_UNNAMED,
        },
    )


@coordinator_required
def nominations_csv(request):
    year = _year(request)
    program = ProgramSettings.load()
    header = [
        "Program year",
        "Award (its name when nominated)",
        "Mentor",
        "Mentor e-mail",
        "Nominated by",
        "Reason",
        "Date",
    ]

    def rows():
        for n in selectors.nominations(year).iterator(chunk_size=500):
            yield [
                program.year_label(n.program_year),
                n.award_name,
                n.mentor.name,
                n.mentor.email,
                n.mentee.name,
                n.reason,
                f"{n.created_at:%Y-%m-%d}",
            ]

    return csv_response(f"nominations{'-' + str(year) if year else ''}.csv", header, rows())
