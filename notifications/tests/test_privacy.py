"""What notifications holds of a person comes out in their export and goes with their erasure."""

import pytest

from notifications import privacy
from notifications.models import Notification, Preference
from notifications.services import notify, preferences_set

pytestmark = pytest.mark.django_db


def test_a_persons_notifications_and_preferences_are_exported_and_erased_and_nobody_elses(mentee, mentor):
    notify(mentee, "plans.comment", text="Morgan Mentor commented on your action plan.", url="/plan/", key="a")
    notify(mentor, "plans.shared", text="Mira saved version 2.", key="b")
    preferences_set(user_id=mentee.pk, deliveries={"plans.comment": "digest"})

    rows = list(privacy.export_rows(mentee))
    assert [section for section, _ in rows] == ["Notifications", "E-mail preferences"]
    assert rows[0][1][2] == "Morgan Mentor commented on your action plan."
    assert rows[1][1] == ["someone commented on or replied about the action plan", "digest"]

    assert privacy.erase(mentee) == {"notifications.Notification": 1, "notifications.Preference": 1}
    assert not Notification.objects.filter(user=mentee).exists()
    assert not Preference.objects.filter(user=mentee).exists()
    assert Notification.objects.filter(user=mentor).count() == 1
