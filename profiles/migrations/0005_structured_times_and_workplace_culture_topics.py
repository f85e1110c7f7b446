"""Structured times for matching, the workplace-culture topic flag, and tidy cities and languages.

Existing free-text availability and contact times are read for the parts of the
week they name (best effort; the text itself is kept), so that people who
applied before can still be matched on times. Cities and languages are tidied
as the application form now keeps them.
"""

from django.db import migrations, models

# Words in the free text, and the parts of the week they name.
SLOT_WORDS = {
    "weekday_mornings": ["morning", "breakfast", "before work"],
    "weekday_daytime": ["lunch", "midday", "noon", "afternoon", "daytime", "working hours", "office hours", "business hours"],
    "weekday_evenings": ["evening", "night", "after work"],
    "weekends": ["weekend", "saturday", "sunday"],
}
ALL_WEEK = ["flexible", "any time", "anytime", "whenever"]


def slots_named(text):
    text = (text or "").casefold()
    if any(word in text for word in ALL_WEEK):
        return list(SLOT_WORDS)
    return [slot for slot, words in SLOT_WORDS.items() if any(word in text for word in words)]


def tidy(text):
    return " ".join((text or "").split())


def forwards(apps, schema_editor):
    Profile = apps.get_model("profiles", "Profile")
    Topic = apps.get_model("profiles", "Topic")
    Topic.objects.filter(name__iexact="Workplace culture").update(workplace_culture=True)
    for profile in Profile.objects.all().iterator(chunk_size=2000):
        languages, seen = [], set()
        for raw in profile.languages or []:
            name = tidy(str(raw))
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                languages.append(name[:1].upper() + name[1:])
        profile.languages = languages
        profile.city = tidy(profile.city)
        profile.contact_time_slots = slots_named(profile.contact_times)
        profile.availability_slots = slots_named(f"{profile.availability} {profile.contact_times}")
        profile.save(update_fields=["languages", "city", "contact_time_slots", "availability_slots"])


class Migration(migrations.Migration):

    dependencies = [
        ('profiles', '0004_after_a_partnership'),
    ]

    operations = [
        migrations.AddField(
            model_name='profile',
            name='availability_slots',
            field=models.JSONField(blank=True, default=list, verbose_name='when they can meet'),
        ),
        migrations.AddField(
            model_name='profile',
            name='contact_time_slots',
            field=models.JSONField(blank=True, default=list, verbose_name='when they like to be contacted'),
        ),
        migrations.AddField(
            model_name='topic',
            name='workplace_culture',
            field=models.BooleanField(default=False, help_text='Mentors with this expertise earn the workplace-culture points with internationally trained mentees.', verbose_name='about workplace culture'),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
