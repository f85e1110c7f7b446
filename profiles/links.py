"""Password-free links to accept an invitation, for the address it was sent to: made and read by
``core.signing``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from core.signing import BadLink, LinkPurpose

from .models import Invitation

# How long an invitation's link works from when it was (last) sent; sending it again gives a new link.
INVITATION_DAYS = 30
INVITATION = LinkPurpose(
    "profiles.invitation", fields={"invitation": int, "email": str}, max_age=timedelta(days=INVITATION_DAYS)
)


def invitation_expires_at(invitation: Invitation):
    """When the newest link sent for ``invitation`` stops working."""
    return invitation.last_sent_at + timedelta(days=INVITATION_DAYS)


def invitation_url(invitation: Invitation) -> str:
    return reverse("profiles:invitation", args=[INVITATION.make(invitation=invitation.pk, email=invitation.email)])


def invitation_of(token: str) -> Invitation:
    """The invitation a link stands for; ``BadLink`` when it opens nothing, "invalid" too when the
    invitation was deleted since, or its address corrected. A withdrawn one is returned: the page says so."""
    payload = INVITATION.read(token)
    invitation = Invitation.objects.filter(pk=payload["invitation"], email=payload["email"]).first()
    if invitation is None:
        raise BadLink("invalid")
    return invitation
