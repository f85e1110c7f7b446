"""Everything in profiles that writes or e-mails."""

from __future__ import annotations

import base64
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.cache import forget_on_commit
from notifications.services import notify
from outbox.services import email_queue

from . import emails
from .csv_import import InvitationRow
from .models import (
    COORDINATOR_GROUP,
    Invitation,
    Profile,
    ProgramSettings,
    Status,
    User,
    tidy_languages,
    tidy_text,
)
from .photos import photo_clean
from .selectors import PROGRAM_SHOWN_KEY

# What coordinators may do in the admin: look at what they see in the app, no more (the app is
# where they act). Nothing of the notebook, the plans' text and comments, thank-you letters or
# concerns (handled in the app's inbox); no accounts, groups, permissions or passwords (those are
# the operator's, a superuser); no outbox (its messages hold people's login links). The program's
# vocabulary (disciplines, topics) is kept in the admin, so they manage it there.
COORDINATOR_ADMIN_VIEW = [
    "profiles.profile",
    "profiles.invitation",
    "profiles.programsettings",
    "matches.match",
    "matches.matchevent",
    "matches.proposalrun",
    "checkins.checkin",
    "checkins.quietepisode",
    "agreements.agreementtext",
    "agreements.agreement",
    "agreements.signature",
    "plans.planevent",
    "support.resource",
    "endings.survey",
    "endings.nomination",
]
COORDINATOR_ADMIN_MANAGE = ["profiles.discipline", "profiles.topic"]


def coordinator_permissions():
    """The permissions of the coordinators' group (COORDINATOR_ADMIN_VIEW and _MANAGE)."""
    wanted = Q(pk__in=[])
    for label in COORDINATOR_ADMIN_VIEW + COORDINATOR_ADMIN_MANAGE:
        app_label, model = label.split(".")
        codenames = (
            [f"view_{model}"]
            if label in COORDINATOR_ADMIN_VIEW
            else [f"{action}_{model}" for action in ("view", "add", "change", "delete")]
        )
        wanted |= Q(content_type__app_label=app_label, content_type__model=model, codename__in=codenames)
    return Permission.objects.filter(wanted)


def coordinator_group_ensure() -> Group:
    """The coordinators' group, with the admin permissions that match what they see in the app."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.set(coordinator_permissions())
    return group


@transaction.atomic
def coordinator_create(*, email: str, name: str = "", password: str | None = None) -> tuple[User, bool]:
    """Make ``email`` a coordinator, creating the account if needed. Returns (user, created)."""
    from allauth.account.models import EmailAddress

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=password, name=name or email.split("@")[0])
    elif password:
        user.set_password(password)
    if name:
        user.name = name
    user.is_staff = True
    user.save()
    user.groups.add(coordinator_group_ensure())
    # The coordinator is set up by someone who knows the address; no verification round trip.
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user, created


@transaction.atomic
def totp_enroll(*, user: User, secret: str | None = None) -> str:
    """Turn on two-factor for ``user`` with an authenticator app's ``secret`` (base32; a new one when
    None), and give them recovery codes. Returns the secret.

    People turn two-factor on themselves on the account pages (allauth asks them to type a code first);
    this is for an account set up on someone's behalf with a secret agreed beforehand: the demo
    coordinator (``seed_demo``), and the coordinators of the tests. Any earlier authenticator app of
    theirs is replaced; recovery codes they already have are kept. allauth has no public call that
    turns two-factor on outside a request, so this uses the two its own views use (``TOTP.activate``,
    ``RecoveryCodes.activate``), which store the secret encrypted as those views do."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    secret = secret or base64.b32encode(secrets.token_bytes(20)).decode()
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)  # keeps the codes the person already has
    return secret


class ProfileError(Exception):
    """An application change the rules do not allow; the message says why."""


# Fields that hold topics (many-to-many): set after the profile row exists.
TOPIC_FIELDS = ("expertise", "focus_areas")


@transaction.atomic
def profile_submit(*, user: User, role: str, data: Mapping[str, Any], edit: bool = False) -> Profile:
    """Save ``user``'s application as ``role`` from the application form's fields (topics as lists).

    ``edit`` says the person changed the application they had sent; without it
    this is a first application, and a double-click that sends it twice keeps
    the first. A pending application can be edited; a decided one cannot.
    """
    topics = {name: data[name] for name in TOPIC_FIELDS if name in data}
    fields = {name: value for name, value in data.items() if name not in TOPIC_FIELDS}
    # Kept tidy once, here, so that matching compares like with like.
    if "city" in fields:
        fields["city"] = tidy_text(fields["city"])
    if "languages" in fields:
        fields["languages"] = tidy_languages(fields["languages"])
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is not None and not edit:
        return profile
    if profile is None:
        try:
            with transaction.atomic():
                profile = Profile.objects.create(user=user, role=role, status=Status.PENDING, **fields)
        except IntegrityError:
            return Profile.objects.get(user=user)
    elif profile.status != Status.PENDING or profile.role != role:
        raise ProfileError("This application has already been reviewed; it can no longer be changed.")
    else:
        for name, value in fields.items():
            setattr(profile, name, value)
        profile.save()
    for name, values in topics.items():
        getattr(profile, name).set(values)
    return profile


@transaction.atomic
def profile_review(*, profile: Profile, status: str, notes: str, reviewer: User) -> bool:
    """Record the coordinator's decision. Tells the person (notifications, ``profiles.decided``: e-mailed
    always) only when the status changes.

    Returns whether the status changed, so a repeated submit sends nothing twice.
    """
    profile = Profile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    changed = profile.status != status
    profile.coordinator_notes = notes
    if changed:
        profile.status = status
        profile.reviewed_by = reviewer
        profile.reviewed_at = timezone.now()
    profile.save()
    if changed and status != Status.PENDING:
        notify(
            profile.user,
            "profiles.decided",
            text=f"Your application as a {profile.get_role_display().lower()} was decided: "
            f"{profile.get_status_display().lower()}.",
            url=reverse("home"),
            key=f"profiles.decided:{profile.pk}:{profile.reviewed_at:%Y%m%d%H%M%S%f}",
            email=emails.application_decided(profile),
        )
    return changed


def profiles_approve_waitlisted(*, ids: list[int], reviewer: User) -> list[Profile]:
    """Approve the wait-listed people among ``ids`` at once (places opened), each told by e-mail as one
    decision is; anyone no longer wait-listed is left as they are, so a second submit approves nobody
    twice. Returns those approved."""
    approved = []
    with transaction.atomic():
        for profile in Profile.objects.filter(pk__in=ids, status=Status.WAITLISTED).order_by("submitted_at", "pk"):
            if profile_review(
                profile=profile, status=Status.APPROVED, notes=profile.coordinator_notes, reviewer=reviewer
            ):
                approved.append(profile)
    return approved


@transaction.atomic
def names_update(*, user: User, name: str, called: str = "") -> User:
    """A person changes their full name, or the name greetings use."""
    user.name = " ".join(name.split())
    user.called = " ".join(called.split())
    user.full_clean(validate_unique=False, exclude=["password"])
    user.save(update_fields=["name", "called"])
    return user


# What the coordinator edits on the Settings page.
PROGRAM_SETTINGS_FIELDS = [
    "program_name",
    "tagline",
    "contact_name",
    "contact_email",
    "contact_phone",
    "checkin_day",
    "response_window_days",
    "reminder_after_days",
    "award_name",
    "year_start_month",
    "checkpoint_reminder_days",
    "meeting_reminder_days",
    "meeting_reminder_hour",
    "discipline_required",
    "nudge_quiet_pairs",
    "match_mode",
    "suggestions_shown",
    "request_answer_days",
]


@transaction.atomic
def profile_card_update(*, user: User, bio: str, photo: bytes | None = None, remove_photo: bool = False) -> Profile:
    """A person's bio and optional photo, as their card shows them (M8).

    A new photo is cleaned first (``profiles.photos.photo_clean``: redrawn small, without its metadata;
    ``PhotoRefused`` when it is not one) and stored through the documents storage; the previous one is
    deleted once the transaction commits. ``remove_photo`` deletes it without a new one."""
    profile = Profile.objects.select_for_update().get(user=user)
    old = profile.photo.name if profile.photo else ""
    profile.bio = (bio or "").strip()[:2000]
    if photo is not None:
        cleaned = photo_clean(photo)
        profile.photo.save(f"{user.pk}-{secrets.token_hex(8)}.jpg", ContentFile(cleaned), save=False)
    elif remove_photo:
        profile.photo = ""
    profile.save(update_fields=["bio", "photo", "updated_at"])
    if old and old != (profile.photo.name if profile.photo else ""):
        storage = profile.photo.storage
        transaction.on_commit(lambda: storage.delete(old))
    return profile


@transaction.atomic
def program_settings_update(*, data: Mapping[str, Any], by: User) -> ProgramSettings:
    """Save the program's settings from ``data`` (any of PROGRAM_SETTINGS_FIELDS), creating their row if it
    is missing, and drop the copy every page's header and footer read (``selectors.program_shown``), so
    the new name and contact show at once."""
    program = ProgramSettings.load()
    for name in PROGRAM_SETTINGS_FIELDS:
        if name in data:
            setattr(program, name, data[name])
    program.updated_by = by
    program.full_clean()
    program.save()
    forget_on_commit(PROGRAM_SHOWN_KEY)
    return program


@dataclass
class InvitationResult:
    invited: list[InvitationRow] = field(default_factory=list)
    already_registered: list[InvitationRow] = field(default_factory=list)
    already_invited: list[InvitationRow] = field(default_factory=list)


@transaction.atomic
def invitations_create(*, rows: list[InvitationRow], invited_by: User) -> InvitationResult:
    """Invite each new person in ``rows`` and e-mail them a link to join.

    People who already have an account, or were invited before, are skipped,
    so uploading the same file twice sends nothing twice.
    """
    result = InvitationResult()
    addresses = [row.email for row in rows]
    registered = {e.lower() for e in User.objects.filter(email__in=addresses).values_list("email", flat=True)}
    for row in rows:
        if row.email in registered:
            result.already_registered.append(row)
            continue
        invitation, created = Invitation.objects.get_or_create(
            email=row.email,
            defaults={"name": row.name, "role": row.role, "invited_by": invited_by, "sent_at": timezone.now()},
        )
        if not created and invitation.withdrawn_at is not None:
            # Invited again after a withdrawal: the invitation stands again, with a new link.
            invitation.name, invitation.role, invitation.withdrawn_at = row.name, row.role, None
            invitation.save(update_fields=["name", "role", "withdrawn_at"])
            invitation_resend(invitation=invitation, seen_sends=invitation.sends)
            result.invited.append(row)
            continue
        if not created:
            result.already_invited.append(row)
            continue
        result.invited.append(row)
        email_queue(emails.invitation(invitation))
    return result


@transaction.atomic
def invitation_resend(*, invitation: Invitation, seen_sends: int) -> bool:
    """E-mail the invitation again with a new link, working for the set time from now.

    ``seen_sends`` is how many times it had been sent on the page the coordinator acted from: a second
    click (or a second coordinator) finds it already sent again and sends nothing. Not for an invitation
    taken up or withdrawn. Returns whether it was sent.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.withdrawn_at or invitation.sends != seen_sends:
        return False
    invitation.sends += 1
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sends", "sent_at"])
    email_queue(emails.invitation(invitation))
    return True


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation) -> bool:
    """Withdraw an invitation not taken up: its links open a page saying so. Returns whether it changed."""
    return bool(
        Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
    )


def invitation_accept(*, email: str) -> Invitation | None:
    """Mark the invitation for ``email`` as taken up, when there is one."""
    Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True).update(accepted_at=timezone.now())
    return Invitation.objects.filter(email__iexact=email).first()


def applications_digest(*, now=None) -> int:
    """The daily digest: when applications arrived in the last day, each coordinator gets one e-mail
    listing them (and how many wait in all). Nothing when none arrived. Once a day, however often run.

    Returns how many e-mails were written.
    """
    from .selectors import coordinators

    now = now or timezone.now()
    pending = Profile.objects.pending().select_related("user", "discipline").order_by("submitted_at")
    new = list(pending.filter(submitted_at__gte=now - timedelta(days=1)))
    if not new:
        return 0
    program = ProgramSettings.load()
    day = timezone.localdate(now)
    written = 0
    waiting = pending.count()
    for coordinator in coordinators():
        email = emails.applications_digest(coordinator, new=new, waiting=waiting, day=day, program=program)
        written += email_queue(email) is not None
    return written
