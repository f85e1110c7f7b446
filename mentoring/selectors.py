"""What the home pages show, gathered from the apps that own each part (the project's pages span them)."""

from __future__ import annotations

from agreements.selectors import statuses_for
from checkins.selectors import checkins_editable
from endings.selectors import surveys_waiting, thanks_count
from matches.selectors import active_count, partners_of, past_partners_of, proposed_count, waiting_mentees
from plans.selectors import plan_for_mentee, progress_of
from profiles.models import Profile, Role, Status, User
from profiles.selectors import invitations_open, oldest_pending, profile_counts


def participant_home(user: User, profile: Profile) -> dict:
    """An approved mentor's or mentee's home: their partnerships and what waits for them in each (check-ins,
    agreements to sign, surveys), those that ended, and for a mentee the action plan."""
    partners = partners_of(user)
    context = {
        "profile": profile,
        "partners": partners,
        "checkins": checkins_editable(user),
        "waiting_agreements": [
            (match, status)
            for match, _ in partners
            for status in statuses_for(match, user)
            if status.signatures < 2 and not status.signed_by_you
        ],
        "past": past_partners_of(user, limit=5),
        "surveys": [(survey, survey.match.partner_of(user)) for survey in surveys_waiting(user)],
        "thanks_count": thanks_count(user) if profile.role == Role.MENTOR else 0,
    }
    if profile.role == Role.MENTEE:
        # The guide: the mentee drafts the action plan before the first meeting.
        plan = plan_for_mentee(user)
        context.update(plan=plan if plan and plan.version else None, plan_progress=progress_of(plan))
    return context


def coordinator_home() -> dict:
    """The coordinator's home: applications by status, people taking part, invitations, matching under way."""
    counts = profile_counts()
    return {
        "pending": sum(n for (_, status), n in counts.items() if status == Status.PENDING),
        "waitlisted": sum(n for (_, status), n in counts.items() if status == Status.WAITLISTED),
        "mentors": counts.get((Role.MENTOR, Status.APPROVED), 0),
        "mentees": counts.get((Role.MENTEE, Status.APPROVED), 0),
        "invitations_open": invitations_open(),
        "waiting_mentees": waiting_mentees().count(),
        "proposed": proposed_count(),
        "active_matches": active_count(),
        "oldest_pending": oldest_pending(limit=5),
    }
