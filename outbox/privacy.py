"""What the outbox keeps of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

from django.db.models import Q

from core.personal import Export

from .models import ERASED_DOMAIN, Attachment, Message, MessageStatus

COVERS = {
    "outbox.Message": "erased: e-mails not yet sent to the person are cancelled (one a worker is sending at that "
    "moment is left to it, and goes nowhere if it comes back); those sent to them lose their body and address; "
    "their name in others' e-mails is replaced (privacy's last pass)",
    "outbox.Attachment": "erased with the e-mails sent to the person",
}


def export(user) -> Export:
    return Export()


def _to(address: str):
    # ``to`` is a JSON list of addresses; a containment lookup is PostgreSQL's only, so match the text.
    return Q(to__icontains=f'"{address}"')


def erase(user) -> dict[str, int]:
    """Run before the account forgets its address: the e-mails are found by it."""
    mine = Message.objects.filter(_to(user.email))
    # A message a worker holds (sending) may be on the wire already: it is left to the worker, which marks it
    # sent if the server took it. Should it come back to be sent again, it finds the erased address and is
    # cancelled then (``outbox.sending``), never sent.
    cancelled = mine.filter(status=MessageStatus.QUEUED).update(status=MessageStatus.CANCELLED, claim=None)
    erased = f"former-{user.pk}@{ERASED_DOMAIN}"
    Attachment.objects.filter(message__in=mine.values("pk")).delete()
    scrubbed = mine.update(to=[erased], text="", html="", context=None, subject="(erased)")
    return {"e-mails cancelled": cancelled, "e-mails erased": scrubbed}
