"""Everything in profiles that writes or e-mails."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mentoring.emails import send_email

from .csv_import import InvitationRow
from .models import COORDINATOR_GROUP, Invitation, Profile, ProgramSettings, Role, Status, User

# Apps whose records coordinators may manage in the admin.
COORDINATOR_APP_LABELS = ["profiles", "matches", "checkins", "plans", "agreements"]
INVITATION_SALT = "profiles.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30  # a month to accept


def coordinator_group_ensure() -> Group:
    """The coordinators' group, with every permission on the program's own records."""
    group, _ = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=COORDINATOR_APP_LABELS))
    return group


@transaction.atomic
def coordinator_create(*, email: str, name: str = "", password: str | None = None) -> tuple[User, bool]:
    """Make ``email`` a coordinator, creating the account if needed. Returns (user, created)."""
    from allauth.account.models import EmailAddress

    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(email=email, password=password, name=name or email.split("@")[0])
    elif password:
        user.set_password(password)
    if name:
        user.name = name
    user.is_staff = True
    user.save()
    user.groups.add(coordinator_group_ensure())
    # The coordinator is set up by someone who knows the address; no verification round trip.
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created


@transaction.atomic
def profile_submit(*, form, user: User, role: str) -> Profile:
    """Save an application from a bound, valid MentorForm or MenteeForm.

    A pending application can be edited; anything else is left alone.
    """
    profile = form.save(commit=False)
    if profile.pk is None:
        profile.user = user
        profile.role = role
        profile.status = Status.PENDING
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        # A double-click sent the first application twice: the first one stands.
        return Profile.objects.get(user=user)
    form.save_m2m()
    return profile


@transaction.atomic
def profile_review(*, profile: Profile, status: str, notes: str, reviewer: User) -> bool:
    """Record the coordinator's decision. E-mails the person only when the status changes.

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
        send_email(
            name=f"profiles/decision-{status}",
            to=[profile.user.email],
            context={"person": profile.user, "profile": profile},
        )
    return changed


def program_settings_update(*, form, user: User) -> ProgramSettings:
    settings_ = form.save(commit=False)
    settings_.updated_by = user
    settings_.save()
    return settings_


@dataclass
class InvitationResult:
    invited: list[InvitationRow] = field(default_factory=list)
    already_registered: list[InvitationRow] = field(default_factory=list)
    already_invited: list[InvitationRow] = field(default_factory=list)


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"invitation": invitation.pk, "email": invitation.email}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Invitation | None:
    """The invitation a link stands for, or None when the link is tampered with or too old."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=INVITATION_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return Invitation.objects.filter(pk=data.get("invitation"), email=data.get("email")).first()


@transaction.atomic
def invitations_create(*, rows: list[InvitationRow], invited_by: User) -> InvitationResult:
    """Invite each new person in ``rows`` and e-mail them a link to join.

    People who already have an account, or were invited before, are skipped,
    so uploading the same file twice sends nothing twice.
    """
    result = InvitationResult()
    emails = [row.email for row in rows]
    registered = {e.lower() for e in User.objects.filter(email__in=emails).values_list("email", flat=True)}
    for row in rows:
        if row.email in registered:
            result.already_registered.append(row)
            continue
        invitation, created = Invitation.objects.get_or_create(
            email=row.email, defaults={"name": row.name, "role": row.role, "invited_by": invited_by}
        )
        if not created:
            result.already_invited.append(row)
            continue
        result.invited.append(row)
        link = reverse("profiles:invitation", args=[invitation_token(invitation)])
        send_email(
            name="profiles/invitation",
            to=[invitation.email],
            context={"invitation": invitation, "link": link, "role_label": Role(invitation.role).label.lower()},
        )
    return result


def invitation_accept(*, email: str) -> Invitation | None:
    """Mark the invitation for ``email`` as taken up, when there is one."""
    Invitation.objects.filter(email__iexact=email, accepted_at__isnull=True).update(accepted_at=timezone.now())
    return Invitation.objects.filter(email__iexact=email).first()
