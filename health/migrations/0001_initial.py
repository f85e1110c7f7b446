from django.db import migrations, models
from django.utils import timezone


def first_beat(apps, schema_editor):
    # The installation's time: the scheduler has a day (and the margin) to beat before it is missed.
    apps.get_model("health", "Heartbeat").objects.get_or_create(name="scheduler", defaults={"beat_at": timezone.now()})


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40, unique=True)),
                ("beat_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(first_beat, migrations.RunPython.noop),
    ]
