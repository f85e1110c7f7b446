from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

import notifications.selectors
from matches.selectors import partners_of
from meetings.views import account_section as meetings_account_section
from privacy import selectors as privacy_selectors
from profiles.models import Role, Status

from . import selectors

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
        return render(request, "mentoring/home_coordinator.html", selectors.coordinator_home())
    profile = user.profile_or_none
    if profile is None:
        return redirect("profiles:apply")
    if profile.status != Status.APPROVED:
        return render(request, "profiles/status.html", {"profile": profile})
    template = "mentoring/home_mentor.html" if profile.role == Role.MENTOR else "mentoring/home_mentee.html"
    return render(request, template, selectors.participant_home(user, profile))


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


# The account page's sections after the sign-in settings, in order: (template, function of the user
# returning the section's context). Each app that keeps something of a person's own (notification
# preferences, the calendar feed, data rights) adds its section here; the template lives in the app's
# template directory and reads only the context its function returns.
def _notification_preferences(user) -> dict[str, Any]:
    """Only the kinds a person of their role may get (a mentee is never asked about mentors' news)."""
    profile = user.profile_or_none
    role = "coordinator" if user.is_coordinator else (profile.role if profile else "")
    return notifications.selectors.preferences_of(user, role=role)


ACCOUNT_SECTIONS: list[tuple[str, Callable[[Any], dict[str, Any]]]] = [
    ("notifications/_preferences.html", _notification_preferences),
    ("privacy/_account_section.html", privacy_selectors.account_section),
    ("meetings/_account.html", meetings_account_section),
]


@login_required
def account(request):
    """Everything a person sets for themselves: names, sign-in, and each app's section."""
    sections = [(template, context(request.user)) for template, context in ACCOUNT_SECTIONS]
    return render(request, "mentoring/account.html", {"sections": sections})


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
