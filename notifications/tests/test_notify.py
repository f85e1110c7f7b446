"""notify: one notification per person and key, its e-mail as the person chose, essential kinds always sent."""

import pytest
from django.core import mail

from notifications.kinds import Delivery
from notifications.models import Notification
from notifications.services import Notice, notify, notify_many, preferences_set
from outbox.emails import Email
from outbox.models import Message
from outbox.sending import outbox_flush

pytestmark = pytest.mark.django_db


def sent():
    """What the outbox sent (a worker would, once the transaction commits)."""
    outbox_flush()
    return mail.outbox


PROGRAM = {"program_name": "Bridges Mentoring", "contact_name": "", "contact_email": "", "contact_phone": ""}


def an_email(user, key=None):
    return Email(
        name="profiles/invitation",
        to=[user.email],
        context={"program": PROGRAM, "invitation": {"name": user.name}, "link": "/x/", "role_label": "mentee"},
        key=key,
    )


def test_notify_writes_one_notification_and_one_email_however_often_it_is_asked(mentor):
    for _ in range(3):
        notify(
            mentor, "plans.shared", text="Mira shared a new plan.", url="/plans/1/", key="k1", email=an_email(mentor)
        )

    assert Notification.objects.filter(user=mentor).count() == 1
    assert Message.objects.count() == 1
    assert len(sent()) == 1


def test_an_optional_email_carries_one_click_unsubscribe_and_says_why(mentor):
    notify(mentor, "plans.shared", text="Mira shared a new plan.", url="/plans/1/", key="k1", email=an_email(mentor))

    message = sent()[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert "You receive this e-mail because your mentee shared a new version of the action plan" in message.body
    assert "Unsubscribe from these e-mails: http" in message.body


def test_off_stops_the_email_of_an_optional_kind_but_the_bell_still_shows_it(mentor):
    preferences_set(user_id=mentor.pk, deliveries={"plans.shared": Delivery.OFF})

    notify(mentor, "plans.shared", text="Mira shared a new plan.", key="k1", email=an_email(mentor))

    assert Notification.objects.filter(user=mentor).count() == 1
    assert sent() == []


def test_an_essential_kind_is_always_emailed_without_unsubscribe(mentor):
    with pytest.raises(ValueError, match="always sent"):
        preferences_set(user_id=mentor.pk, deliveries={"agreements.signed": Delivery.OFF})

    notify(mentor, "agreements.signed", text="Both signed.", key="k1", email=an_email(mentor))

    assert len(sent()) == 1
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers
    assert "You receive this e-mail because" not in mail.outbox[0].body


def test_digest_keeps_the_email_for_the_daily_digest(mentor):
    preferences_set(user_id=mentor.pk, deliveries={"plans.comment": Delivery.DIGEST})

    notify(mentor, "plans.comment", text="Mira replied.", key="k1", email=an_email(mentor))

    assert sent() == []
    assert Notification.objects.digest_pending().filter(user=mentor).count() == 1


def test_an_unregistered_kind_fails_loudly(mentor):
    with pytest.raises(ValueError, match="register it"):
        notify(mentor, "plans.typo", text="x", key="k1")
    assert not Notification.objects.exists()


def test_notify_many_writes_each_person_once(mentor, mentee):
    notices = [
        Notice(user_id=person.pk, kind="plans.comment", text="A comment.", key="c1", email=an_email(person))
        for person in (mentor, mentee)
    ]
    assert len(notify_many(notices)) == 2
    assert notify_many(notices) == []

    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in Message.objects.all()) == ["mentee@example.org", "mentor@example.org"]
