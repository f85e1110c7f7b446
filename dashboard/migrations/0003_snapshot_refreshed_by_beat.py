from django.db import migrations


def forget_the_old_snapshot(apps, schema_editor):
    # Its computed_at was when it finished, not when it began reading; beat writes a new one within a minute.
    apps.get_model("dashboard", "DashboardFigures").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("dashboard", "0002_snapshot_read_from"),
    ]

    operations = [
        migrations.RunPython(forget_the_old_snapshot, migrations.RunPython.noop),
        migrations.RemoveField(model_name="dashboardfigures", name="token"),
        migrations.RemoveField(model_name="dashboardfigures", name="read_from"),
    ]
