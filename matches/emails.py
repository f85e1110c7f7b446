"""The e-mails of matches, one function per kind.

Each function owns its template (``templates/emails/matches/<kind>-*``), its outbox key (what makes
it at most once), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``) inside its transaction.
"""

from __future__ import annotations

from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import Profile, ProgramSettings, User

from .models import Match


def introduction(
    match: Match, person: User, *, partner_profile: Profile, program: ProgramSettings | None = None
) -> Email:
    """The match is published: each partner meets the other, from their profile (M4)."""
    partner = match.partner_of(person)
    return program_email_for(
        name="matches/introduction",
        to=[person.email],
        key=f"matches.introduction:{match.pk}:{person.pk}",
        program=program,
        context={
            "person": person,
            "partner": partner,
            "partner_profile": partner_profile,
            "is_mentor": person.pk == match.mentor_id,
            "match": match,
        },
    )
