"""What profiles keeps of a person, for privacy (``core.personal`` says the shape)."""

from __future__ import annotations

import functools

from django.db import transaction
from django.db.models import Q

from core.personal import FORMER_PARTICIPANT, Export, Limits, rows

from .models import Invitation, Profile, ProgramSettings, Status, User

COVERS = {
    "profiles.User": "exported; erased: name and e-mail replaced, password unusable, account inactive",
    "profiles.Profile": "exported (not the coordinator's private notes); erased: texts blanked, role and "
    "category kept for the figures; declined applications' texts deleted after the retention setting",
    "profiles.Invitation": "erased: the invitation to the person's address is deleted",
    "profiles.ProgramSettings": "the program's own settings: no participant's data",
    "profiles.Discipline": "a list of the program's: no personal data",
    "profiles.Topic": "a list of the program's: no personal data",
}

PROFILE_FIELDS = [
    "role", "status", "discipline", "channels", "city", "languages", "meeting_frequency", "contact_times",
    "availability_slots", "contact_time_slots", "bio", "years_experience", "capacity", "availability",
    "category", "goals", "looking_for_mentor", "open_to_mentees", "submitted_at", "reviewed_at", "updated_at",
]  # fmt: skip
# What an application's texts become when it is erased or past its time.
BLANK_TEXTS = {"bio": "", "goals": "", "city": "", "contact_times": "", "availability": "", "coordinator_notes": ""}


def export(user: User) -> Export:
    account = rows([user], ["name", "called", "email", "date_joined", "last_login"])
    profile = Profile.objects.filter(user=user).select_related("discipline").first()
    tables = {"account": account}
    if profile is not None:
        application = rows([profile], PROFILE_FIELDS)[0]
        application["expertise"] = [str(t) for t in profile.expertise.all()]
        application["focus_areas"] = [str(t) for t in profile.focus_areas.all()]
        tables["application"] = [application]
        if profile.photo:
            with profile.photo.open("rb") as photo:
                return Export(tables=tables, files={"photo.jpg": photo.read()})
    return Export(tables=tables)


def erase(user: User) -> dict[str, int]:
    invitations = Invitation.objects.filter(email__iexact=user.email).delete()[0]
    photos = 0
    for profile in Profile.objects.filter(user=user).exclude(photo=""):
        transaction.on_commit(functools.partial(profile.photo.storage.delete, profile.photo.name))
        photos += 1
    profiles = Profile.objects.filter(user=user).update(
        **BLANK_TEXTS,
        channels=[],
        contact_time_slots=[],
        looking_for_mentor=False,
        open_to_mentees=False,
        photo="",
    )
    ProgramSettings.objects.filter(updated_by=user).update(updated_by=None)
    user.name = FORMER_PARTICIPANT
    user.called = FORMER_PARTICIPANT  # greetings and bylines say it whole, not its first word
    user.email = f"former-{user.pk}@erased.invalid"  # the address may sign up again, as a new person
    user.is_active = False
    user.is_staff = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return {"accounts": 1, "applications": profiles, "invitations": invitations, "photos": photos}


def retain(limits: Limits) -> dict[str, int]:
    """Declined applications' texts go once the decision is older than the retention setting."""
    written = Q(bio__gt="") | Q(goals__gt="") | Q(coordinator_notes__gt="") | Q(city__gt="") | Q(contact_times__gt="")
    declined = Profile.objects.filter(written, status=Status.DECLINED, reviewed_at__lt=limits.declined_before)
    return {"declined applications": declined.update(**BLANK_TEXTS)}
