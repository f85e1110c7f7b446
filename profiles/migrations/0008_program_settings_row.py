"""The program's settings row, made once here: ProgramSettings.load() only reads (a GET never writes), and
answers the defaults, unsaved, where the row is missing."""

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("profiles", "ProgramSettings").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0007_coordinators_view_only_admin")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
