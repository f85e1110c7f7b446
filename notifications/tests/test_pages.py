"""The bell, the list, the preferences on the account page, and one-click unsubscribe (N1)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.kinds import Delivery
from notifications.links import UNSUBSCRIBE, unsubscribe_url
from notifications.models import Notification, Preference
from notifications.services import notify

pytestmark = pytest.mark.django_db


def three_for(user):
    for n in range(3):
        notify(
            user, "plans.comment", text=f"Morgan Mentor commented on your action plan ({n}).", url="/plan/", key=f"k{n}"
        )


def test_the_bell_shows_the_unread_count_in_one_query(client, mentee):
    three_for(mentee)
    client.force_login(mentee)
    client.get(reverse("contact"))

    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("contact")).content.decode()

    assert 'class="badge rounded-pill text-bg-warning bell-count">3<span class="visually-hidden"> unread' in page
    assert len([q for q in queries if "notifications_notification" in q["sql"]]) == 1


def test_the_list_shows_newest_first_grouped_by_day_and_opening_one_marks_it_read(client, mentee):
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        notify(mentee, "plans.comment", text="An older comment.", url="/plan/", key="old")
    notify(mentee, "plans.comment", text="Morgan Mentor commented on your action plan.", url="/plan/", key="new")
    client.force_login(mentee)

    page = client.get(reverse("notifications:list")).content.decode()
    assert page.index("Today") < page.index("Morgan Mentor commented") < page.index("An older comment.")
    assert "2 unread." in page

    newest = Notification.objects.get(key="new")
    response = client.post(reverse("notifications:open", args=[newest.pk]))
    assert response["Location"] == "/plan/"
    assert "1 unread." in client.get(reverse("notifications:list")).content.decode()


def test_mark_all_read(client, mentee):
    three_for(mentee)
    client.force_login(mentee)

    page = client.post(reverse("notifications:read_all"), follow=True).content.decode()

    assert "3 notifications marked as read." in page
    assert "All read." in page
    assert "Mark all as read" not in page


def test_an_empty_list_says_what_will_come(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Nothing yet." in page


def test_someone_elses_notification_is_not_found(client, mentee, mentor):
    notify(mentee, "plans.comment", text="For Mira only.", key="k")
    client.force_login(mentor)
    response = client.post(reverse("notifications:open", args=[Notification.objects.get().pk]))
    assert response.status_code == 404
    assert Notification.objects.get().read_at is None


def test_preferences_on_the_account_page_change_how_each_kind_is_emailed(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("account")).content.decode()
    assert "E-mails we send you" in page
    assert "Always sent" in page
    assert "an agreement was signed by both of you (its PDF)" in page
    assert "Your mentee shared a new version" not in page  # a mentee is asked only about a mentee's news

    data: dict[str, str] = dict.fromkeys(("plans.shared", "support.concern", "meetings.proposed"), Delivery.AT_ONCE)
    data |= {
        "agreements.your_turn": Delivery.DIGEST,
        "plans.comment": Delivery.OFF,
        "meetings.answered": "now",
        "meetings.changed": "now",
        "meetings.cancelled": "now",
        "requests.received": "now",
    }
    saved = client.post(reverse("notifications:preferences"), data, follow=True).content.decode()

    assert "Your e-mail preferences are saved." in saved
    assert dict(Preference.objects.filter(user=mentee).values_list("kind", "delivery"))["plans.comment"] == "off"
    assert re.search(r'name="plans.comment" value="off" id="pref-\d+-off" checked', saved)


def test_bad_preferences_are_refused_with_a_message(client, mentee):
    client.force_login(mentee)
    page = client.post(reverse("notifications:preferences"), {"plans.comment": "sometimes"}, follow=True)
    assert "could not be saved" in page.content.decode()
    assert not Preference.objects.exists()


def test_unsubscribe_get_changes_nothing_and_post_turns_the_kind_off_without_login(client, mentee):
    url = unsubscribe_url(user_id=mentee.pk, kind="plans.comment")

    page = client.get(url)
    assert "Stop these e-mails?" in page.content.decode()
    assert not Preference.objects.exists()

    done = client.post(url)  # as a mail program does (RFC 8058): no session, no CSRF token
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert Preference.objects.get(user=mentee, kind="plans.comment").delivery == Delivery.OFF


def test_unsubscribe_from_the_digest_turns_off_every_kind_in_it(client, mentee):
    from notifications.services import preferences_set

    preferences_set(user_id=mentee.pk, deliveries={"plans.comment": "digest", "plans.shared": "digest"})
    client.post(unsubscribe_url(user_id=mentee.pk, kind=""))
    chosen = dict(Preference.objects.filter(user=mentee).values_list("kind", "delivery"))
    assert chosen == {"plans.comment": "off", "plans.shared": "off"}


def test_tampered_and_expired_unsubscribe_links_are_refused(client, mentee):
    token = UNSUBSCRIBE.make(user=mentee.pk, kind="plans.comment")
    tampered = client.post(reverse("notifications:unsubscribe", args=[token[:-3] + "abc"]))
    with time_machine.travel(timezone.now() + timedelta(days=181)):
        expired = client.post(reverse("notifications:unsubscribe", args=[token]))

    assert tampered.status_code == 400
    assert "This link does not work" in tampered.content.decode()
    assert expired.status_code == 400
    assert "This link has expired" in expired.content.decode()
    assert not Preference.objects.exists()
