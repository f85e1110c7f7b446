"""The e-mails of a partnership's end, one function per kind.

Each function owns its template (``templates/emails/endings/<kind>-*``), its outbox key (what makes
it at most once), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``) inside its transaction.
"""

from __future__ import annotations

from django.urls import reverse

from matches.models import Match
from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User

from . import links
from .models import Survey, ThankYou


def closed(match: Match, person: User, *, by: User, program: ProgramSettings | None = None) -> Email:
    """The partnership was closed (E1): a partner is told, by the other partner or a coordinator."""
    return program_email_for(
        name="endings/closed",
        to=[person.email],
        key=f"endings.closed:{match.pk}:{person.pk}",
        program=program,
        context={
            "person": person,
            "partner": match.partner_of(person),
            "match": match,
            "by": by,
            "is_mentee": person.pk == match.mentee_id,
            "link": reverse("endings:closed", args=[match.pk]),
        },
    )


def closed_coordinator(
    match: Match, coordinator: User, *, by: User, note: str, program: ProgramSettings | None = None
) -> Email:
    """A partner closed the partnership (E1): each coordinator is told, with the partner's note."""
    return program_email_for(
        name="endings/closed-coordinator",
        to=[coordinator.email],
        key=f"endings.closed-coordinator:{match.pk}:{coordinator.pk}",
        program=program,
        context={
            "person": coordinator,
            "match": match,
            "by": by,
            "note": note,
            "link": match.get_absolute_url(),
        },
    )


def survey(survey: Survey, *, program: ProgramSettings | None = None) -> Email:
    """The closing survey (E2), with its password-free link; ``survey`` comes with its person and match."""
    return program_email_for(
        name="endings/survey",
        to=[survey.person.email],
        key=f"endings.survey:{survey.pk}",
        program=program,
        context=_survey_context(survey),
    )


def survey_reminder(survey: Survey, *, program: ProgramSettings | None = None) -> Email:
    """The closing survey is still unanswered after a week (E2): one reminder."""
    return program_email_for(
        name="endings/survey-reminder",
        to=[survey.person.email],
        key=f"endings.survey-reminder:{survey.pk}",
        program=program,
        context=_survey_context(survey),
    )


def _survey_context(survey: Survey) -> dict:
    return {
        "person": survey.person,
        "partner": survey.match.partner_of(survey.person),
        "survey": survey,
        "link": links.survey_url(survey),
    }


def thanks(thanks: ThankYou, *, program: ProgramSettings | None = None) -> Email:
    """The mentee's thanks (E3), to the mentor."""
    return program_email_for(
        name="endings/thanks",
        to=[thanks.mentor.email],
        key=f"endings.thanks:{thanks.pk}",
        program=program,
        context={
            "person": thanks.mentor,
            "mentee": thanks.mentee,
            "thanks": thanks,
            "link": reverse("endings:thanks_received"),
        },
    )
