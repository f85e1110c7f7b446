"""The first version of both agreements, in the app's own words; coordinators edit them in the app."""

from django.db import migrations

from agreements.defaults import DEFAULTS


def add(apps, schema_editor):
    AgreementText = apps.get_model("agreements", "AgreementText")
    for kind, body in DEFAULTS.items():
        if not AgreementText.objects.filter(kind=kind).exists():
            AgreementText.objects.create(kind=kind, version=1, body=body)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
