"""N2: the coordinator writes to a group; the count and recipients follow the group, each once, through the outbox."""

import re
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from dashboard.groups import group_from, recipients
from dashboard.models import GroupMessage
from matches.tests.factories import MatchFactory
from outbox.models import Message
from outbox.sending import outbox_flush
from profiles.models import ProgramSettings, Status
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    program = ProgramSettings.load()
    program.contact_email = "hello@bridges.example"
    program.save()
    mentors = [ProfileFactory(mentor=True, user__name=f"Mentor {i}").user for i in range(3)]
    mentees = [ProfileFactory(user__name=f"Mentee {i}").user for i in range(2)]
    MatchFactory(mentor=mentors[0], mentee=mentees[0])
    left = ProfileFactory(mentor=True, user__name="Mentor Gone").user
    left.is_active = False
    left.save()
    ProfileFactory(mentor=True, status=Status.DECLINED, user__name="Mentor Declined")
    return mentors, mentees


def preview(client, **data):
    fields = {"group": "mentors", "subject": "Spring meetup", "body": "Join us on **Friday**.", "preview": "1", **data}
    return client.post(reverse("dashboard:message_new"), fields)


def test_the_groups_hold_the_right_people_and_never_one_who_left(people):
    def names(name, query="", **kw):
        group = group_from(name, query, **kw)
        assert group is not None
        return [u.name for u in recipients(group)]

    assert names("mentors") == ["Mentor 0", "Mentor 1", "Mentor 2"]
    assert names("mentees") == ["Mentee 0", "Mentee 1"]
    assert names("active") == ["Mentee 0", "Mentor 0"]
    assert names("role_status", role="mentor", status="declined") == ["Mentor Declined"]
    assert names("participants", "role=mentor&status=approved") == ["Mentor 0", "Mentor 1", "Mentor 2"]
    assert "Mentor Gone" not in names("role_status", role="mentor")


def test_preview_shows_the_count_and_one_persons_name_and_sends_nothing(client, coordinator, people):
    client.force_login(coordinator)

    page = preview(client).content.decode()

    assert "3 people" in page
    assert "Hello Mentor," in page  # the first, by name
    assert "<strong>Friday</strong>" in page
    assert not Message.objects.exists()


def test_send_reaches_each_person_once_even_on_a_second_click(client, coordinator, people):
    client.force_login(coordinator)
    page = preview(client, body="Join us on **Friday**.\n\n<script>alert(1)</script>").content.decode()
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found is not None
    token = found[1]
    confirmed = {
        "group": "mentors",
        "subject": "Spring meetup",
        "body": "Join us on **Friday**.\n\n<script>alert(1)</script>",
        "token": token,
        "send": "1",
    }

    first = client.post(reverse("dashboard:message_new"), confirmed, follow=True)
    second = client.post(reverse("dashboard:message_new"), confirmed, follow=True)
    outbox_flush()

    assert "on its way to 3 people" in first.content.decode()
    assert "already sent" in second.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in people[0])
    sent = mail.outbox[0]
    assert sent.subject == "Spring meetup"
    assert sent.reply_to == ["hello@bridges.example"]
    html = sent.alternatives[0].content
    assert "<strong>Friday</strong>" in html
    assert "<script>" not in html
    assert "Join us on **Friday**." in sent.body
    [message] = GroupMessage.objects.all()
    listing = client.get(reverse("dashboard:messages")).content.decode()
    assert "Spring meetup" in listing
    assert re.search(r">3</td>\s*<td class=\"text-end\">3</td>", listing)  # 3 people, 3 delivered
    assert message.recipients == 3


def test_a_bad_group_or_token_is_a_form_error_not_a_500(client, coordinator, people):
    client.force_login(coordinator)
    response = client.post(
        reverse("dashboard:message_new"), {"group": "<x>", "subject": "s", "body": "b", "token": "nope", "send": "1"}
    )
    assert response.status_code == 400
    assert not GroupMessage.objects.exists()


def test_a_group_with_nobody_sends_nothing_and_says_so(client, coordinator, people):
    client.force_login(coordinator)
    response = client.post(
        reverse("dashboard:message_new"),
        {
            "group": "role_status",
            "role": "mentee",
            "status": "declined",
            "subject": "s",
            "body": "b",
            "token": str(uuid.uuid4()),
            "send": "1",
        },
    )
    assert "Nobody is in that group" in response.content.decode()
    assert not Message.objects.exists()


def test_sent_messages_count_delivered_failed_and_waiting_from_the_outbox(client, coordinator, people):
    from dashboard.groups import group_from
    from dashboard.services import group_message_send
    from outbox.models import MessageStatus

    group = group_from("mentors", "")
    assert group is not None
    message, _ = group_message_send(token=uuid.uuid4(), subject="Meetup", body="Friday.", group=group, by=coordinator)
    assert message.emails == 3  # what was written to the outbox, from which those delivered are counted
    rows = list(Message.objects.filter(key__startswith=message.key_prefix).order_by("pk"))
    Message.objects.filter(pk=rows[0].pk).update(status=MessageStatus.FAILED)
    Message.objects.filter(pk=rows[1].pk).update(status=MessageStatus.SENT, sent_at=rows[1].created_at)
    client.force_login(coordinator)
    # 3 people: 1 delivered, 1 failed (a link to the failed e-mails), 1 waiting.
    cell = r"</td>\s*<td class=\"text-end\">"
    shown = rf">3{cell}1{cell}<a[^>]*>1</a>{cell}1<"

    assert re.search(shown, client.get(reverse("dashboard:messages")).content.decode())
    # A message written before the e-mails were kept is counted from the outbox, to the same figures.
    GroupMessage.objects.filter(pk=message.pk).update(emails=None)
    assert re.search(shown, client.get(reverse("dashboard:messages")).content.decode())
