"""The e-mails of support, one function per kind.

Each function owns its template (``templates/emails/support/<kind>-*``), its outbox key (what makes
it at most once), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``) inside its transaction.
"""

from __future__ import annotations

from django.urls import reverse

from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User

from .models import Concern


def urgent_concern(concern: Concern, coordinator: User, *, program: ProgramSettings | None = None) -> Email:
    """An urgent concern (harassment, bullying, possible criminal conduct) reaches each coordinator at once, once."""
    return program_email_for(
        name="support/urgent-concern",
        to=[coordinator.email],
        key=f"support.urgent:{concern.pk}:{coordinator.pk}",
        program=program,
        context={"person": coordinator, "concern": concern, "link": reverse("support:detail", args=[concern.pk])},
    )


def concern_status(concern: Concern, *, status: str) -> Email:
    """The coordinator read (acknowledged) or resolved a concern: its reporter is told, with no word of the
    coordinator's notes (N1). Optional."""
    return program_email_for(
        name="support/concern-status",
        to=[concern.reporter.email],
        key=f"support.concern-status:{concern.pk}:{status}:{concern.events.count()}",
        context={
            "person": concern.reporter,
            "reported_on": concern.created_at,
            "resolved": status == "resolved",
            "link": reverse("support:mine"),
        },
    )
