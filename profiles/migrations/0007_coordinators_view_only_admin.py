"""The Coordinators group of an existing site gets the admin permissions of profiles.services.coordinator_permissions:
view-only on what coordinators see in the app, managing disciplines and topics, and nothing else (before, it
had every permission on the program's records, notebooks and accounts included)."""

from django.db import migrations
from django.db.models import Q

# As in profiles/services.py when this was written (a migration keeps its own copy).
VIEW = [
    "profiles.profile", "profiles.invitation", "profiles.programsettings",
    "matches.match", "matches.matchevent", "matches.proposalrun",
    "checkins.checkin", "checkins.quietepisode",
    "agreements.agreementtext", "agreements.agreement", "agreements.signature",
    "plans.planevent", "support.resource", "endings.survey", "endings.nomination",
]
MANAGE = ["profiles.discipline", "profiles.topic"]


def restrict(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Coordinators").first()
    if group is None:
        return  # a new site: coordinator_create makes the group with these permissions
    wanted = Q(pk__in=[])
    for label in VIEW + MANAGE:
        app_label, model = label.split(".")
        actions = ["view"] if label in VIEW else ["view", "add", "change", "delete"]
        wanted |= Q(content_type__app_label=app_label, content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions])
    group.permissions.set(Permission.objects.filter(wanted))


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0006_name_to_call_you_by"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(restrict, migrations.RunPython.noop)]
