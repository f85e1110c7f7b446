"""A starting list of topics and disciplines; coordinators edit both in the admin."""

from django.db import migrations

TOPICS = [
    "Industry and market trends",
    "Types of employers",
    "Career options and paths",
    "Certification and professional ethics",
    "Workplace culture",
    "The profession's culture and vocabulary",
    "Pay and benefits",
    "Setting and reviewing career goals",
    "Networking",
    "Professional development",
    "Résumés, cover letters and standing out",
    "Leadership and communication",
    "Changing roles or sectors",
]

DISCIPLINES = [
    "Biological sciences",
    "Chemical technology",
    "Civil engineering technology",
    "Electrical and electronics",
    "Environmental technology",
    "Geomatics",
    "Information technology",
    "Instrumentation and control",
    "Mechanical engineering technology",
    "Petroleum and energy",
]


def add(apps, schema_editor):
    Topic = apps.get_model("profiles", "Topic")
    Discipline = apps.get_model("profiles", "Discipline")
    for name in TOPICS:
        Topic.objects.get_or_create(name=name)
    for name in DISCIPLINES:
        Discipline.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial")]
    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
