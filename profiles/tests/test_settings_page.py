"""P4: the program settings the coordinator edits."""

import pytest
from django.urls import reverse

from profiles.models import ProgramSettings

pytestmark = pytest.mark.django_db

VALID = {
    "program_name": "Bridges Mentoring",
    "tagline": "Learning from each other",
    "contact_name": "Robin Ellis",
    "contact_email": "robin@bridges.example",
    "contact_phone": "+1 555 0100",
    "checkin_day": 5,
    "response_window_days": 7,
    "reminder_after_days": 4,
    "award_name": "Golden Compass Award",
    "year_start_month": 9,
    "checkpoint_reminder_days": 3,
    "meeting_reminder_days": 1,
    "meeting_reminder_hour": 9,
    "nudge_quiet_pairs": "on",
    "match_mode": "both",
    "suggestions_shown": 4,
    "request_answer_days": 6,
}


def test_coordinator_edits_the_program_settings(client, coordinator):
    client.force_login(coordinator)
    assert (
        "<title>Program settings · Mentoring Program</title>"
        in client.get(reverse("profiles:settings")).content.decode()
    )

    response = client.post(reverse("profiles:settings"), VALID, follow=True)

    assert "Program settings saved." in response.content.decode()
    saved = ProgramSettings.load()
    assert (saved.program_name, saved.checkin_day, saved.updated_by) == ("Bridges Mentoring", 5, coordinator)
    assert (saved.year_start_month, saved.discipline_required, saved.nudge_quiet_pairs) == (9, False, True)
    assert (saved.match_mode, saved.suggestions_shown, saved.request_answer_days) == ("both", 4, 6)
    # Every page's header and footer show the new name at once (the kept copy was dropped).
    assert "· Bridges Mentoring</title>" in response.content.decode()
    assert "Mentoring Program" not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"checkin_day": 31}, "Ensure this value is less than or equal to 28."),
        ({"checkin_day": "first"}, "Enter a whole number."),
        ({"response_window_days": 0}, "Ensure this value is greater than or equal to 1."),
        ({"reminder_after_days": 7}, "The reminder must go out before the response window closes."),
        ({"contact_email": "robin-at-bridges"}, "Enter a valid email address."),
        ({"program_name": ""}, "This field is required."),
    ],
)
def test_bad_settings_are_refused_with_a_message(client, coordinator, changes, message):
    client.force_login(coordinator)

    response = client.post(reverse("profiles:settings"), {**VALID, **changes})

    assert message in response.content.decode()
    assert ProgramSettings.load().program_name == "Mentoring Program"


def test_reading_the_settings_never_writes_them_and_the_first_save_does(client, coordinator):
    ProgramSettings.objects.all().delete()  # a database emptied by hand: the defaults stand in
    client.force_login(coordinator)

    page = client.get(reverse("profiles:settings")).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert 'value="Mentoring Program"' in page
    assert "Mentoring Program" in home
    assert not ProgramSettings.objects.exists()
    client.post(reverse("profiles:settings"), VALID)
    assert ProgramSettings.objects.get().program_name == "Bridges Mentoring"
    assert "Bridges Mentoring" in client.get(reverse("home")).content.decode()
