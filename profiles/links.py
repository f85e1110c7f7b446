"""Password-free links to accept an invitation, for the address it was sent to: made and read by
``core.signing``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from core.signing import BadLink, LinkPurpose

from .models import Invitation

INVITATION = LinkPurpose("profiles.invitation", fields={"invitation": int, "email": str}, max_age=timedelta(days=30))


def invitation_url(invitation: Invitation) -> str:
    return reverse("profiles:invitation", args=[INVITATION.make(invitation=invitation.pk, email=invitation.email)])


def invitation_of(token: str) -> Invitation:
    """The invitation a link stands for; ``BadLink`` when it opens nothing, "invalid" too when the
    invitation was withdrawn (deleted) since, or its address corrected."""
    payload = INVITATION.read(token)
    invitation = Invitation.objects.filter(pk=payload["invitation"], email=payload["email"]).first()
    if invitation is None:
        raise BadLink("invalid")
    return invitation
