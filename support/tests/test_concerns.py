"""S3: concerns in confidence, urgent ones at once to every coordinator; and S1, the resource library."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from checkins.services import checkins_open_month
from matches.tests.factories import MatchFactory
from profiles.services import coordinator_create
from profiles.tests.factories import PASSWORD
from support import links
from support.models import Concern, ConcernStatus, Resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(mentor, mentee):
    return MatchFactory(mentor=mentor, mentee=mentee)


@pytest.fixture
def coordinators(coordinator):
    second, _ = coordinator_create(email="second@example.org", name="Sam Second", password=PASSWORD)
    return [coordinator, second]


def report(client, person, category, text="He made remarks about my accent in front of others.", match="none"):
    client.force_login(person)
    return client.post(reverse("support:report"), {"category": category, "text": text, "match": match}, follow=True)


def test_an_urgent_concern_emails_every_coordinator_exactly_once(
    client, match, mentee, coordinators, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = report(client, mentee, "harassment", match=match.pk)
        report(client, mentee, "harassment", match=match.pk)  # a double click

    assert Concern.objects.count() == 1
    concern = Concern.objects.get()
    assert (concern.urgent, concern.match, concern.status) == (True, match, ConcernStatus.OPEN)
    alerts = [m for m in mail.outbox if "Urgent concern" in m.subject]
    assert sorted(m.to[0] for m in alerts) == sorted(c.email for c in coordinators)
    assert all("accent" not in m.body for m in alerts), "the e-mail links to the report; it does not carry it"
    assert "The coordinator has been alerted" in response.content.decode()


def test_a_normal_concern_emails_nobody_and_the_partner_never_learns_of_it(
    client, match, mentor, mentee, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report(client, mentee, "boundary", text="He asked me to help him move house.")

    assert mail.outbox == []
    concern = Concern.objects.get()
    client.force_login(mentor)
    for url in (reverse("support:detail", args=[concern.pk]), reverse("support:inbox"), reverse("support:mine")):
        response = client.get(url)
        assert response.status_code == 404 or "move house" not in response.content.decode()
    assert "move house" not in client.get(reverse("home")).content.decode()
    assert client.post(reverse("support:detail", args=[concern.pk]), {"status": "resolved"}).status_code == 404


def test_the_reporter_sees_only_their_own_reports_and_their_status(client, match, mentor, mentee, coordinator):
    report(client, mentee, "partnership", text="We never manage to meet.")
    report(client, mentor, "other", text="I am moving cities in spring.")
    concern = Concern.objects.get(reporter=mentee)
    client.force_login(coordinator)
    client.post(reverse("support:detail", args=[concern.pk]), {"status": "acknowledged", "note": "Called her."})

    client.force_login(mentee)
    mine = client.get(reverse("support:mine")).content.decode()
    assert "We never manage to meet." in mine
    assert "The coordinator is on it" in mine
    assert "moving cities" not in mine
    assert "Called her." not in mine


def test_the_coordinator_handles_a_concern_with_private_notes_and_history(client, match, mentee, coordinator):
    report(client, mentee, "bullying")
    concern = Concern.objects.get()
    client.force_login(coordinator)

    inbox = client.get(reverse("support:inbox")).content.decode()
    client.post(reverse("support:detail", args=[concern.pk]), {"status": "acknowledged", "note": "Phoned Mira."})
    client.post(reverse("support:detail", args=[concern.pk]), {"status": "resolved", "note": "Spoke to the host."})
    page = client.get(reverse("support:detail", args=[concern.pk])).content.decode()

    assert "Urgent" in inbox
    assert "Mira Mentee" in inbox
    assert [e.to_status for e in concern.events.all()] == ["open", "acknowledged", "resolved"]
    assert "Phoned Mira." in page
    assert "Spoke to the host." in page
    assert "Open → Acknowledged" in page
    assert Concern.objects.get().status == ConcernStatus.RESOLVED
    bad = client.post(reverse("support:detail", args=[concern.pk]), {"status": "forgotten"}, follow=True)
    assert "Select a valid choice." in bad.content.decode()


def test_open_concerns_are_counted_and_urgent_ones_top_the_dashboard(client, match, mentee, coordinator):
    report(client, mentee, "criminal", text="Money went missing after our meeting.")
    report(client, mentee, "other", text="A small thing.")
    client.force_login(coordinator)

    body = client.get(reverse("dashboard:dashboard")).content.decode()

    assert 'data-figure="concerns">2<' in body
    assert body.index("Urgent concern waiting for you") < body.index("The program at a glance") or body.index(
        "Urgent concern waiting for you"
    ) < body.index('data-figure="active"')


def test_concerns_in_check_in_answers_join_the_inbox(
    client, match, mentor, mentee, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=timezone.localdate())
    link = re.compile(r"https?://[^\s]+(/checkins/\d+/[^\s]+/)")
    mentee_url = link.search(str(next(m for m in mail.outbox if m.to == [mentee.email]).body)).group(1)
    mentor_url = link.search(str(next(m for m in mail.outbox if m.to == [mentor.email]).body)).group(1)

    client.post(mentee_url, {"update": "Fine.", "continues": "yes", "concern": "A comment about my accent upset me."})
    client.post(
        mentee_url, {"update": "Fine.", "continues": "yes", "concern": "A comment about my accent upset me a lot."}
    )
    client.post(
        mentor_url,
        {
            "update": "Hard month.",
            "partnership_status": "wants_to_end",
            "hours_in_person": "1",
            "hours_email": "0",
            "hours_video": "0",
            "hours_phone": "0",
            "hours_other": "0",
        },
    )

    concerns = {c.reporter: c for c in Concern.objects.all()}
    assert set(concerns) == {mentor, mentee}
    assert concerns[mentee].text == "A comment about my accent upset me a lot."
    assert concerns[mentee].events.filter(note__contains="The check-in answer changed").exists()
    assert "Wants to end" in concerns[mentor].text
    client.force_login(coordinator)
    assert 'data-figure="concerns">2<' in client.get(reverse("dashboard:dashboard")).content.decode()


def test_the_link_in_every_check_in_email_reports_without_a_password(
    client, match, mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=timezone.localdate())
    [email] = [m for m in mail.outbox if m.to == [mentee.email]]
    url = re.search(r"https?://[^\s]+(/concerns/report/[^\s]+/)", str(email.body)).group(1)

    page = client.get(url)
    sent = client.post(url, {"category": "partnership", "text": "We have not met since summer."})

    assert "You are reporting as <strong>Mira Mentee</strong>" in page.content.decode()
    assert "Your concern reached the coordinator" in sent.content.decode()
    concern = Concern.objects.get()
    assert (concern.reporter, concern.match, concern.source) == (mentee, match, "link")
    with time_machine.travel(timezone.now() - timedelta(days=70)):
        old = links.make_token(person_id=mentee.pk, match_id=match.pk)
    for token, title in [(old, "This link has expired"), (url.split("/")[-2][:-3] + "xyz", "This link does not work")]:
        response = client.post(reverse("support:report_by_link", args=[token]), {"category": "other", "text": "x"})
        assert response.status_code == 400
        assert title in response.content.decode()
    assert Concern.objects.count() == 1


def test_a_report_needs_a_category_and_words(client, mentee):
    response = report(client, mentee, "", text="   ")

    body = response.content.decode()
    assert "This field is required." in body
    assert "Please say a few words about what happened." in body
    assert not Concern.objects.exists()


def test_the_library_is_kept_by_the_coordinator_and_shown_to_whom_it_is_for(client, coordinator, mentor, mentee):
    client.force_login(coordinator)
    add = reverse("support:resource_add")
    client.post(
        add, {"title": "Active listening", "kind": "article", "audience": "both", "url": "https://example.org/a"}
    )
    client.post(add, {"title": "The Mentor Guide", "kind": "book", "audience": "mentors", "url": ""})
    client.post(
        add,
        {
            "title": "16 Personalities",
            "kind": "assessment",
            "audience": "mentees",
            "url": "https://www.16personalities.com/",
        },
    )
    refused = client.post(add, {"title": "Trap", "kind": "other", "audience": "both", "url": "javascript:alert(1)"})
    refused_ftp = client.post(add, {"title": "Trap", "kind": "other", "audience": "both", "url": "ftp://example.org/x"})
    assert "Enter a valid URL." in refused.content.decode()
    assert "Only web links" in refused_ftp.content.decode()
    assert Resource.objects.count() == 3
    book = Resource.objects.get(title="The Mentor Guide")
    client.post(
        reverse("support:resource_edit", args=[book.pk]),
        {"title": "The Mentor Guide (Zachary)", "kind": "book", "audience": "mentors", "url": ""},
    )
    client.post(
        reverse("support:resource_retire", args=[Resource.objects.get(title="Active listening").pk]), follow=True
    )

    client.force_login(mentor)
    for_mentor = client.get(reverse("support:library")).content.decode()
    client.force_login(mentee)
    for_mentee = client.get(reverse("support:library")).content.decode()

    assert "The Mentor Guide (Zachary)" in for_mentor
    assert "16 Personalities" not in for_mentor
    assert "16 Personalities" in for_mentee
    assert "Self-assessments" in for_mentee
    assert "Mentor Guide" not in for_mentee
    assert "Active listening" not in for_mentor + for_mentee, "retired"
    for person in (mentor, mentee):
        client.force_login(person)
        assert client.get(reverse("support:resources")).status_code == 404
        assert client.post(add, {"title": "x", "kind": "book", "audience": "both"}).status_code == 404
    assert Resource.objects.count() == 3


def test_the_partnership_is_chosen_for_nobody_but_asked_when_there_are_several(client, match, mentor, mentee):
    """27.13: it defaulted to "None in particular" for someone with one partnership."""
    client.force_login(mentee)
    one = client.get(reverse("support:report")).content.decode()
    other = MatchFactory(mentor=mentor)
    client.force_login(mentor)
    several = client.get(reverse("support:report")).content.decode()
    unanswered = report(client, mentor, "other", match="").content.decode()

    assert f'<option value="{match.pk}" selected>With Morgan Mentor</option>' in one
    assert "Choose…" not in one
    assert '<option value="" selected>Choose…</option>' in several
    assert f'<option value="{other.pk}">With {other.mentee.name}</option>' in several
    assert '<option value="none">None in particular</option>' in several
    assert "Say which partnership it is about, or “None in particular”." in unanswered
    assert not Concern.objects.exists()
    report(client, mentor, "other", match="none")
    assert Concern.objects.get().match is None


def test_every_tab_of_the_inbox_shows_its_count(client, coordinator, match):
    for status, urgent, n in (
        ("open", True, 1),
        ("open", False, 2),
        ("acknowledged", False, 1),
        ("resolved", False, 3),
    ):
        for _ in range(n):
            Concern.objects.create(
                reporter=match.mentee, match=match, category="other", text="x", status=status, urgent=urgent
            )
    client.force_login(coordinator)

    page = client.get(reverse("support:inbox")).content.decode()

    tabs = re.findall(r'href="\?status=(\w+)">(\w+) <span class="badge[^"]*">(\d+)</span>', page)
    assert tabs == [
        ("open", "Open", "3"),
        ("acknowledged", "Acknowledged", "1"),
        ("resolved", "Resolved", "3"),
        ("all", "All", "7"),
    ]
