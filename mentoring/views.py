from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import timezone

from agreements.selectors import statuses_for
from checkins.models import CheckIn, CheckInStatus
from endings.models import Survey, ThankYou
from matches.models import Match, MatchStatus
from matches.selectors import partners_of, waiting_mentees
from plans.selectors import plan_for_mentee, progress_of
from profiles.models import Invitation, Profile, Role, Status

GUIDE_PAGES = {
    "mentoring": "What mentoring is",
    "mentors": "For mentors",
    "mentees": "For mentees",
    "first-meeting": "The first meeting",
    "boundaries": "Boundaries",
    "topics": "Ideas for meetings",
}


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "mentoring/landing.html")
    if user.is_coordinator:
        return coordinator_home(request)
    profile = user.profile_or_none
    if profile is None:
        return redirect("profiles:apply")
    if profile.status != Status.APPROVED:
        return render(request, "profiles/status.html", {"profile": profile})
    template = "mentoring/home_mentor.html" if profile.role == Role.MENTOR else "mentoring/home_mentee.html"
    matches = Match.objects.active().involving(user).select_related("mentor", "mentee").order_by("started_at")
    partners = [(match, match.partner_of(user)) for match in matches]
    waiting_agreements = [
        (match, status)
        for match, _ in partners
        for status in statuses_for(match, user)
        if status.signatures < 2 and not status.signed_by_you
    ]
    past = (
        Match.objects.filter(status=MatchStatus.CLOSED)
        .involving(user)
        .select_related("mentor", "mentee")
        .order_by("-closed_at")[:5]
    )
    past = [(match, match.partner_of(user)) for match in past]
    surveys = Survey.objects.filter(person=user, answered_at__isnull=True).select_related(
        "match__mentor", "match__mentee"
    )
    checkins = (
        CheckIn.objects.filter(person=user)
        .filter(Q(status=CheckInStatus.OPEN) | Q(status=CheckInStatus.ANSWERED, due_at__gte=timezone.now()))
        .select_related("match__mentor", "match__mentee")
        .order_by("-month")
    )
    context = {
        "profile": profile,
        "partners": partners,
        "checkins": checkins,
        "waiting_agreements": waiting_agreements,
        "past": past,
        "surveys": [(survey, survey.match.partner_of(user)) for survey in surveys],
        "thanks_count": ThankYou.objects.filter(mentor=user).count() if profile.role == Role.MENTOR else 0,
    }
    if profile.role == Role.MENTEE:
        # The guide: the mentee drafts the action plan before the first meeting.
        plan = plan_for_mentee(user)
        context.update(plan=plan if plan and plan.version else None, plan_progress=progress_of(plan))
    return render(request, template, context)


def coordinator_home(request):
    counts = {
        (role, status): n
        for role, status, n in Profile.objects.values_list("role", "status").annotate(n=Count("id")).order_by()
    }
    context = {
        "pending": sum(n for (_, status), n in counts.items() if status == Status.PENDING),
        "waitlisted": sum(n for (_, status), n in counts.items() if status == Status.WAITLISTED),
        "mentors": counts.get((Role.MENTOR, Status.APPROVED), 0),
        "mentees": counts.get((Role.MENTEE, Status.APPROVED), 0),
        "invitations_open": Invitation.objects.filter(accepted_at__isnull=True).count(),
        "waiting_mentees": waiting_mentees().count(),
        "proposed": Match.objects.proposed().count(),
        "active_matches": Match.objects.active().count(),
        "oldest_pending": Profile.objects.pending().select_related("user").order_by("submitted_at")[:5],
    }
    return render(request, "mentoring/home_coordinator.html", context)


@login_required
def my_match(request):
    """A partner's page of their partnerships: who the partner is and how to reach them, and the way to
    what the pair share (the plan, the notebook, the agreements, thanks, a concern, closing). It spans
    those apps, so it is the project's."""
    profile = request.user.profile_or_none
    if request.user.is_coordinator or profile is None or profile.status != Status.APPROVED:
        raise Http404
    partners = [(match, partner, partner.profile) for match, partner in partners_of(request.user, profiles=True)]
    return render(request, "mentoring/my_match.html", {"profile": profile, "partners": partners})


def healthz(request):
    """For load balancers and the benchmarks' trivial view: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; the icon is a static file."""
    return redirect(static("favicon.svg"), permanent=True)


def contact(request):
    return render(request, "mentoring/contact.html")


def guide(request, page="mentoring"):
    if page not in GUIDE_PAGES:
        raise Http404
    return render(
        request,
        f"guide/{page}.html",
        {"guide_pages": GUIDE_PAGES, "guide_page": page, "guide_title": GUIDE_PAGES[page]},
    )
