"""The e-mails of agreements, one function per kind.

Each function owns its template (``templates/emails/agreements/<kind>-*``), its outbox key (when it
has one), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``) inside its transaction.
"""

from __future__ import annotations

from django.urls import reverse

from outbox.emails import Attachment, Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User

from .models import Agreement


def signed(agreement: Agreement, person: User, *, pdf: Attachment, program: ProgramSettings | None = None) -> Email:
    """Both have signed (G4): the signed agreement's PDF to each partner, once."""
    return program_email_for(
        name="agreements/signed",
        to=[person.email],
        key=f"agreements.signed:{agreement.pk}:{person.pk}",
        program=program,
        attachments=[pdf],
        context={
            "person": person,
            "agreement": agreement,
            "partner": agreement.match.partner_of(person),
            "link": reverse("agreements:detail", args=[agreement.match_id, agreement.kind]),
        },
    )


def signature_cleared(agreement: Agreement, signer: User, *, changed_by: User) -> Email:
    """The terms changed after ``signer`` signed (G2): their signature is cleared and they may sign again.

    No key: each change that clears a signature is news of its own.
    """
    return program_email_for(
        name="agreements/signature-cleared",
        to=[signer.email],
        context={
            "person": signer,
            "changed_by": changed_by,
            "agreement": agreement,
            "link": reverse("agreements:detail", args=[agreement.match_id, agreement.kind]),
        },
    )


def your_turn(agreement: Agreement, person: User, *, signer: User) -> Email:
    """The partner signed first: it is ``person``'s turn to sign (N1). Optional: sent as the person chose."""
    return program_email_for(
        name="agreements/your-turn",
        to=[person.email],
        key=f"agreements.your-turn:{agreement.pk}:{person.pk}:{signer.pk}:{agreement.digest[:12]}",
        context={
            "person": person,
            "signer": signer,
            "agreement": agreement,
            "link": reverse("agreements:detail", args=[agreement.match_id, agreement.kind]),
        },
    )
