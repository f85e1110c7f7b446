"""What follows the second signature: the signed PDF, rendered once, and e-mailed once to both (G4)."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from notifications.services import notify
from outbox.emails import Attachment
from profiles.models import ProgramSettings

from . import emails
from .models import Agreement


def agreement_finalise(*, agreement_id: int) -> bool:
    """Render the signed agreement's PDF once and e-mail it to both partners once (G4).

    The agreement row is locked while the PDF is stored and the two e-mails
    are written to the outbox, in one transaction: a retried or doubled task,
    or the sweep, finds ``emailed_at`` set and does nothing. Returns whether
    anything was done.
    """
    from . import pdf  # WeasyPrint is slow to import; only this step needs it (in a worker)

    program = ProgramSettings.load()
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update(of=("self",))
            .select_related("match__mentor", "match__mentee", "text")
            .get(pk=agreement_id)
        )
        if agreement.emailed_at or agreement.signatures.count() < 2:
            return False
        if not agreement.pdf:
            data = pdf.agreement_pdf(agreement, program)
            agreement.pdf.save(
                f"{agreement.kind}-{agreement.match_id}-{uuid.uuid4().hex[:12]}.pdf", ContentFile(data), save=False
            )
            agreement.pdf_rendered_at = timezone.now()
        with agreement.pdf.open("rb") as handle:
            attachment = Attachment(f"{agreement.get_kind_display()}.pdf", handle.read(), "application/pdf")
        for person in (agreement.match.mentor, agreement.match.mentee):
            partner = agreement.match.partner_of(person)
            notify(
                person,
                "agreements.signed",
                text=f"You and {partner.name} both signed the {agreement.get_kind_display().lower()}: "
                "the signed copy is on its page and in your e-mail.",
                url=reverse("agreements:detail", args=[agreement.match_id, agreement.kind]),
                key=f"agreements.signed:{agreement.pk}",
                email=emails.signed(agreement, person, pdf=attachment, program=program),
            )
        agreement.emailed_at = timezone.now()
        agreement.save(update_fields=["pdf", "pdf_rendered_at", "emailed_at", "updated_at"])
    return True


def agreements_finalise_pending() -> int:
    """Finish every agreement signed by both that has not been e-mailed (a lost task's work)."""
    pending = (
        Agreement.objects.filter(emailed_at__isnull=True)
        .annotate(n=Count("signatures"))
        .filter(n__gte=2)
        .values_list("pk", flat=True)
    )
    return sum(agreement_finalise(agreement_id=pk) for pk in list(pending))
