"""What the home pages show: the project's pages span the apps, so their reads are gathered here, from
the owning apps' selectors where those have one (the coordinator's counts of people are read here)."""

from __future__ import annotations

from django.db.models import Count

from agreements.selectors import statuses_for
from checkins.selectors import checkins_editable
from endings.selectors import surveys_waiting, thanks_count
from match_requests.selectors import asked_of, open_request_of
from match_requests.selectors import waiting_count as requests_waiting_count
from matches.selectors import active_count, partners_of, past_partners_of, proposed_count, waiting_mentees
from meetings.selectors import waiting_for
from plans.selectors import plan_for_mentee, progress_of
from profiles.models import Invitation, Profile, ProgramSettings, Role, Status, User


def participant_home(user: User, profile: Profile) -> dict:
    """An approved mentor's or mentee's home: their partnerships and what waits for them in each (check-ins,
    agreements to sign, surveys, meetings to answer or say held), those that ended, and for a mentee the action plan."""
    partners = partners_of(user)
    context = {
        "profile": profile,
        "partners": partners,
        "checkins": checkins_editable(user),
        "waiting_agreements": [  # each names the partner: a mentor with two mentees knows which one
            (match, partner, status)
            for match, partner in partners
            for status in statuses_for(match, user)
            if status.signatures < 2 and not status.signed_by_you
        ],
        "past": past_partners_of(user, limit=5),
        "surveys": [(survey, survey.match.partner_of(user)) for survey in surveys_waiting(user)],
        "thanks_count": thanks_count(user) if profile.role == Role.MENTOR else 0,
        "meetings": waiting_for(user, [match for match, _ in partners]),
    }
    if profile.role == Role.MENTOR:
        context["requests_to_answer"] = asked_of(user)
    elif not partners and profile.looking_for_mentor:
        # A waiting mentee chooses her mentor when the program lets mentees request (M8).
        choosing = ProgramSettings.load().mentees_request
        context.update(choosing=choosing, open_request=open_request_of(user) if choosing else None)
    if profile.role == Role.MENTEE:
        # The guide: the mentee drafts the action plan before the first meeting.
        plan = plan_for_mentee(user)
        context.update(plan=plan if plan and plan.version else None, plan_progress=progress_of(plan))
    return context


def coordinator_home() -> dict:
    """The coordinator's home: applications by status, people taking part, invitations, matching under way."""
    counts = {
        (role, status): n
        for role, status, n in Profile.objects.values_list("role", "status").annotate(n=Count("id")).order_by()
    }
    return {
        "pending": sum(n for (_, status), n in counts.items() if status == Status.PENDING),
        "waitlisted": sum(n for (_, status), n in counts.items() if status == Status.WAITLISTED),
        "mentors": counts.get((Role.MENTOR, Status.APPROVED), 0),
        "mentees": counts.get((Role.MENTEE, Status.APPROVED), 0),
        "invitations_open": Invitation.objects.filter(accepted_at__isnull=True).count(),
        "waiting_mentees": waiting_mentees().count(),
        "proposed": proposed_count(),
        "requests_waiting": requests_waiting_count(),
        "active_matches": active_count(),
        "oldest_pending": Profile.objects.pending().select_related("user").order_by("submitted_at")[:5],
    }
