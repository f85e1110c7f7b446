"""The e-mails of profiles and accounts, one function per kind.

Each function owns its template (``templates/emails/profiles/<kind>-*``, or ``emails/account/`` for
allauth's), its outbox key (when it has one), its context and its recipient, and returns the
``Email``; the service (or allauth's adapter) queues it (``outbox.services.email_queue``) inside
its transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.mail import EmailMessage
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.html import strip_tags

from outbox.emails import Email, Rendered

from .links import invitation_expires_at, invitation_url
from .mail import program_email_for
from .models import Invitation, Profile, ProgramSettings, Role, User


def application_decided(profile: Profile) -> Email:
    """The coordinator decided on an application: approved, declined or waitlisted, each in its own words.

    No key: the service writes it only when the decision changes, so a repeated submit sends nothing twice.
    """
    return program_email_for(
        name=f"profiles/decision-{profile.status}",
        to=[profile.user.email],
        context={"person": profile.user, "profile": profile},
    )


def invitation(invitation: Invitation) -> Email:
    """An invitation to join, with its signed link; one per invitation."""
    link = invitation_url(invitation)
    return program_email_for(
        name="profiles/invitation",
        to=[invitation.email],
        # One e-mail per sending: the first keeps the key it always had.
        key=f"profiles.invitation:{invitation.pk}" + (f":{invitation.sends}" if invitation.sends > 1 else ""),
        context={
            "invitation": invitation,
            "link": link,
            "role_label": Role(invitation.role).label.lower(),
            "expires_at": invitation_expires_at(invitation),
        },
    )


def applications_digest(
    coordinator: User,
    *,
    new: Sequence[Profile],
    waiting: int,
    day: date,
    program: ProgramSettings | None = None,
) -> Email:
    """The day's new applications, to each coordinator, at most once a day."""
    return program_email_for(
        name="profiles/digest",
        to=[coordinator.email],
        key=f"profiles.digest:{day:%Y-%m-%d}:{coordinator.pk}",
        program=program,
        context={"person": coordinator, "new": new, "waiting": waiting, "link": reverse("profiles:review_list")},
    )


def account_in_own_words(name: str) -> bool:
    """Whether allauth's e-mail ``name`` (``login_code``, ``password_reset_key``, ...) has the program's
    own templates in ``templates/emails/account/``; the others keep allauth's wording."""
    try:
        get_template(f"emails/account/{name}-subject.txt")
    except TemplateDoesNotExist:
        return False
    return True


def account(name: str, *, to: str, context: Mapping[str, Any]) -> Email:
    """An account e-mail allauth sends (a login code, a password reset, an address to confirm, ...), in
    the program's words: allauth decides which and when, and gives the context (codes, links).

    No key: each asks for a new code or link.
    """
    return program_email_for(name=f"account/{name}", to=[to], context={"email": to, **context})


def account_as_allauth_wrote_it(name: str, *, to: str, message: EmailMessage) -> Email:
    """An account e-mail we have no templates for, as allauth rendered it, with the program's reply-to."""
    html = next((str(body) for body, mime in getattr(message, "alternatives", []) if mime == "text/html"), "")
    body = str(message.body)
    if message.content_subtype == "html":
        html, text = body, strip_tags(body)
    else:
        text = body
    return program_email_for(
        name=f"account/{name}", to=[to], rendered=Rendered(subject=str(message.subject), text=text, html=html)
    )
