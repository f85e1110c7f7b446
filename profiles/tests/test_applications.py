"""P2, P3: applications by role, the coordinator's review, and what each person then sees."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from profiles.models import Profile, Status
from profiles.services import applications_digest, coordinator_create

from .factories import DisciplineFactory, ProfileFactory, TopicFactory, UserFactory
from .utils import only_email_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(client):
    user = UserFactory(name="Nadia Newcomer", email="nadia@example.org")
    client.force_login(user)
    return user


def mentee_data(**changes):
    discipline = DisciplineFactory(name="Geomatics")
    topic = TopicFactory(name="Networking")
    return {
        "category": "international",
        "discipline": discipline.pk,
        "goals": "Get my credentials recognised.",
        "focus_areas": [topic.pk],
        "channels": ["video", "in_person"],
        "city": "Edmonton",
        "languages": "english,  Arabic, English",
        "meeting_frequency": "monthly",
        "availability_slots": ["weekday_evenings", "weekends"],
        "contact_time_slots": ["weekday_evenings"],
        "contact_times": "Evenings",
        "bio": "Surveyor, new in town.",
        **changes,
    }


def mentor_data(**changes):
    discipline = DisciplineFactory(name="Geomatics")
    topic = TopicFactory(name="Networking")
    return {
        "discipline": discipline.pk,
        "years_experience": 20,
        "expertise": [topic.pk],
        "capacity": 2,
        "availability": "Two evenings a month",
        "channels": ["phone"],
        "city": "",
        "languages": "English",
        "meeting_frequency": "fortnightly",
        "availability_slots": ["weekday_mornings"],
        "contact_time_slots": ["weekday_mornings", "weekday_daytime"],
        "contact_times": "",
        "bio": "Twenty years in surveying.",
        **changes,
    }


def test_a_new_person_is_sent_to_choose_a_role(client, newcomer):
    response = client.get(reverse("home"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("profiles:apply")
    assert "Apply as a mentor" in response.content.decode()


def test_mentee_application_holds_every_field_and_waits_for_review(client, newcomer):
    response = client.post(reverse("profiles:apply_role", args=["mentee"]), mentee_data(), follow=True)

    profile = Profile.objects.get(user=newcomer)
    assert (profile.role, profile.status, profile.category) == ("mentee", "pending", "international")
    assert profile.languages == ["English", "Arabic"]
    assert profile.channels == ["video", "in_person"]
    assert profile.availability_slots == ["weekday_evenings", "weekends"]
    assert profile.contact_time_slots == ["weekday_evenings"]
    assert [t.name for t in profile.focus_areas.all()] == ["Networking"]
    body = response.content.decode()
    assert "Pending review" in body
    assert "Your application is sent to the program coordinator" in body


def test_the_mentee_category_is_asked_not_chosen_for_them(client, newcomer):
    """27.13: the category defaulted to "Student"."""
    form = client.get(reverse("profiles:apply_role", args=["mentee"])).content.decode()
    unanswered = client.post(reverse("profiles:apply_role", args=["mentee"]), mentee_data(category="")).content.decode()

    assert '<option value="" selected>Choose one…</option>' in form
    assert '<option value="student" selected' not in form
    assert "Please choose which describes you best." in unanswered
    assert not Profile.objects.exists()


def test_the_city_is_kept_tidy_for_matching(client, newcomer):
    client.post(reverse("profiles:apply_role", args=["mentee"]), mentee_data(city="  Red   Deer "))

    assert Profile.objects.get(user=newcomer).city == "Red Deer"


def test_mentor_application_holds_every_field(client, newcomer):
    client.post(reverse("profiles:apply_role", args=["mentor"]), mentor_data())

    profile = Profile.objects.get(user=newcomer)
    assert (profile.role, profile.years_experience, profile.capacity) == ("mentor", 20, 2)
    assert profile.availability == "Two evenings a month"
    assert [t.name for t in profile.expertise.all()] == ["Networking"]


@pytest.mark.parametrize(
    ("role", "changes", "message"),
    [
        ("mentee", {"category": "astronaut"}, "Select a valid choice."),
        ("mentee", {"goals": ""}, "This field is required."),
        ("mentee", {"focus_areas": []}, "This field is required."),
        ("mentee", {"channels": []}, "This field is required."),
        ("mentee", {"channels": ["carrier-pigeon"]}, "Select a valid choice."),
        ("mentee", {"city": "   "}, "Please give your city if you would like to meet in person."),
        ("mentee", {"availability_slots": []}, "Please tick at least one time you could meet."),
        ("mentee", {"contact_time_slots": ["midnight"]}, "Select a valid choice."),
        ("mentee", {"languages": " , ,"}, "Please name at least one language."),
        ("mentee", {"discipline": "999999"}, "Select a valid choice."),
        ("mentor", {"capacity": "0"}, "Ensure this value is greater than or equal to 1."),
        ("mentor", {"capacity": "many"}, "Enter a whole number."),
        ("mentor", {"years_experience": "-3"}, "Ensure this value is greater than or equal to 0."),
        ("mentor", {"availability": ""}, "This field is required."),
    ],
)
def test_bad_application_input_gets_a_clear_message_and_saves_nothing(client, newcomer, role, changes, message):
    data = (mentee_data if role == "mentee" else mentor_data)(**changes)

    response = client.post(reverse("profiles:apply_role", args=[role]), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Please correct the" in response.content.decode()
    assert not Profile.objects.exists()


def test_an_unknown_role_in_the_url_is_not_found(client, newcomer):
    assert client.get("/apply/astronaut/").status_code == 404


def test_a_pending_application_can_be_edited_but_not_duplicated(client, newcomer):
    url = reverse("profiles:apply_role", args=["mentee"])
    client.post(url, mentee_data())
    client.post(url, mentee_data(goals="Changed my mind about my goals."))

    assert Profile.objects.filter(user=newcomer).count() == 1
    assert Profile.objects.get(user=newcomer).goals == "Changed my mind about my goals."
    # The other role's form does not create a second application either.
    client.post(reverse("profiles:apply_role", args=["mentor"]), mentor_data())
    assert Profile.objects.filter(user=newcomer).count() == 1


def test_an_approved_person_cannot_rewrite_their_application(client):
    profile = ProfileFactory(goals="Original goals.")
    client.force_login(profile.user)

    response = client.post(reverse("profiles:apply_role", args=["mentee"]), mentee_data(goals="Sneaky"), follow=True)

    profile.refresh_from_db()
    assert profile.goals == "Original goals."
    assert "already been sent" in response.content.decode()


def test_coordinator_approves_and_the_person_is_emailed_once(client, coordinator, django_capture_on_commit_callbacks):
    profile = ProfileFactory(status=Status.PENDING, user__email="nadia@example.org", user__name="Nadia Newcomer")
    client.force_login(coordinator)
    url = reverse("profiles:review_detail", args=[profile.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "approved", "notes": "Strong goals."}, follow=True)
        client.post(url, {"status": "approved", "notes": "Strong goals."})  # a double-click

    profile.refresh_from_db()
    assert profile.status == Status.APPROVED
    assert profile.reviewed_by == coordinator
    assert "Nadia Newcomer is now approved" in response.content.decode()
    message = only_email_to("nadia@example.org")
    assert "approved" in message.subject
    assert "Strong goals." not in message.body


@pytest.mark.parametrize(("status", "subject_word"), [("waitlisted", "waiting list"), ("declined", "application")])
def test_waitlisting_and_declining_email_the_person(
    client, coordinator, django_capture_on_commit_callbacks, status, subject_word
):
    profile = ProfileFactory(status=Status.PENDING, user__email="nadia@example.org")
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("profiles:review_detail", args=[profile.pk]), {"status": status, "notes": ""})

    assert subject_word in only_email_to("nadia@example.org").subject
    profile.refresh_from_db()
    assert profile.status == status


def test_saving_only_notes_sends_nothing(client, coordinator, django_capture_on_commit_callbacks):
    profile = ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:review_detail", args=[profile.pk]),
            {"status": "pending", "notes": "Call first."},
            follow=True,
        )

    assert mail.outbox == []
    profile.refresh_from_db()
    assert profile.coordinator_notes == "Call first."
    assert "Notes saved." in response.content.decode()


def test_a_bad_decision_is_refused(client, coordinator):
    profile = ProfileFactory(status=Status.PENDING)
    client.force_login(coordinator)

    response = client.post(reverse("profiles:review_detail", args=[profile.pk]), {"status": "promoted"})

    assert "Select a valid choice." in response.content.decode()
    profile.refresh_from_db()
    assert profile.status == Status.PENDING


def test_private_notes_never_reach_the_applicant(client):
    profile = ProfileFactory(status=Status.WAITLISTED, coordinator_notes="Seems unreliable.")
    client.force_login(profile.user)

    body = client.get(reverse("home")).content.decode()

    assert "On the waiting list" in body
    assert "Seems unreliable." not in body


def test_approved_people_see_their_role_home(client, mentor, mentee):
    client.force_login(mentee)
    assert "You are approved and waiting for a mentor" in client.get(reverse("home")).content.decode()
    client.force_login(mentor)
    assert "Your mentees" in client.get(reverse("home")).content.decode()


def test_applications_list_filters_by_status_role_and_name(client, coordinator):
    ProfileFactory(status=Status.PENDING, user__name="Pending Mentee")
    ProfileFactory(mentor=True, status=Status.PENDING, user__name="Pending Mentor")
    ProfileFactory(status=Status.APPROVED, user__name="Approved Mentee")
    client.force_login(coordinator)
    url = reverse("profiles:review_list")

    body = client.get(url).content.decode()
    assert "Pending Mentee" in body
    assert "Pending Mentor" in body
    assert "Approved Mentee" not in body
    body = client.get(url, {"status": "pending", "role": "mentor"}).content.decode()
    assert "Pending Mentor" in body
    assert "Pending Mentee" not in body
    body = client.get(url, {"status": "all", "q": "approved"}).content.decode()
    assert "Approved Mentee" in body
    assert "Pending" not in body.split("<tbody>")[1]
    assert client.get(url, {"status": "nonsense", "page": "x"}).status_code == 200


@pytest.mark.parametrize("name", ["profiles:review_list", "profiles:invite", "profiles:settings"])
def test_coordinator_pages_are_not_found_for_participants(client, mentor, mentee, name):
    for person in (mentor, mentee):
        client.force_login(person)
        assert client.get(reverse(name)).status_code == 404
        assert client.post(reverse(name), {}).status_code == 404


def test_another_persons_application_is_not_found_for_participants(client, mentor, mentee):
    profile = ProfileFactory(status=Status.PENDING)
    url = reverse("profiles:review_detail", args=[profile.pk])
    for person in (mentor, mentee, profile.user):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"status": "approved"}).status_code == 404
    profile.refresh_from_db()
    assert profile.status == Status.PENDING


def test_coordinator_pages_send_visitors_to_log_in(client):
    response = client.get(reverse("profiles:review_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_double_submitted_application_is_saved_once(client, newcomer):
    from profiles import services
    from profiles.forms import MenteeForm

    first = MenteeForm(mentee_data())
    second = MenteeForm(mentee_data(goals="The second click."))
    assert first.is_valid()
    assert second.is_valid()

    services.profile_submit(user=newcomer, role="mentee", data=first.cleaned_data)
    kept = services.profile_submit(user=newcomer, role="mentee", data=second.cleaned_data)

    assert Profile.objects.filter(user=newcomer).count() == 1
    assert kept.goals == "Get my credentials recognised."


def test_a_long_list_of_applications_is_paged_with_its_filters_kept(client, coordinator):
    for i in range(30):
        ProfileFactory(status=Status.PENDING, user__name=f"Applicant {i:02d}")
    client.force_login(coordinator)

    first = client.get(reverse("profiles:review_list"), {"status": "pending", "q": "Applicant"}).content.decode()
    second = client.get(
        reverse("profiles:review_list"), {"status": "pending", "q": "Applicant", "page": 2}
    ).content.decode()

    assert "Page 1 of 2" in first
    assert "status=pending&amp;role=&amp;q=Applicant&amp;page=2" in first
    assert "Applicant 29" in second
    assert "Applicant 00" not in second


def test_after_a_decision_the_next_pending_application_opens(client, coordinator):
    first = ProfileFactory(status=Status.PENDING, user__name="First Applicant")
    second = ProfileFactory(status=Status.PENDING, user__name="Second Applicant")
    client.force_login(coordinator)

    response = client.post(
        reverse("profiles:review_detail", args=[first.pk]), {"status": "approved", "notes": ""}, follow=True
    )
    last = client.post(
        reverse("profiles:review_detail", args=[second.pk]), {"status": "waitlisted", "notes": ""}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("profiles:review_detail", args=[second.pk])
    assert "First Applicant is now approved" in response.content.decode()
    assert "No other application waits for a decision." in last.content.decode()


def test_coordinators_get_one_digest_a_day_when_applications_arrived(coordinator, django_capture_on_commit_callbacks):
    second, _ = coordinator_create(email="second@example.org", name="Sam Second")
    assert applications_digest() == 0, "no application, no e-mail"
    ProfileFactory(status=Status.PENDING, user__name="Nadia Newcomer", role="mentee")

    with django_capture_on_commit_callbacks(execute=True):
        assert applications_digest() == 2
        assert applications_digest() == 0, "once a day"
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert applications_digest() == 0, "nothing new since"

    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, second.email])
    assert mail.outbox[0].subject == "1 new application to review"
    assert "Nadia Newcomer, mentee in" in mail.outbox[0].body


def test_wait_listed_people_are_approved_together_each_told_by_email(
    client, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    first = ProfileFactory(status=Status.WAITLISTED, user__name="Ada Waiting")
    second = ProfileFactory(status=Status.WAITLISTED, user__name="Ben Waiting")
    left = ProfileFactory(status=Status.WAITLISTED, user__name="Cy Waiting")
    pending = ProfileFactory(status=Status.PENDING, user__name="Dee Pending")
    client.force_login(coordinator)

    listing = client.get(reverse("profiles:review_list") + "?status=waitlisted").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("profiles:review_approve"), {"profile": [first.pk, second.pk, pending.pk, "x"]}, follow=True
        )
        twice = client.post(reverse("profiles:review_approve"), {"profile": [first.pk, second.pk]}, follow=True)

    assert 'aria-label="Approve Ada Waiting"' in listing
    assert "Approve the ticked people" in listing
    assert "2 people are approved and told by e-mail: Ada Waiting, Ben Waiting." in response.content.decode()
    assert "Cy Waiting" in response.content.decode(), "back on the waiting list's tab"
    assert "Nobody was approved" in twice.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.user.email, second.user.email])
    statuses = {p.pk: p.status for p in Profile.objects.filter(pk__in=[first.pk, second.pk, left.pk, pending.pk])}
    assert statuses == {
        first.pk: Status.APPROVED,
        second.pk: Status.APPROVED,
        left.pk: Status.WAITLISTED,
        pending.pk: Status.PENDING,
    }
    assert "Approve the ticked people" not in client.get(reverse("profiles:review_list")).content.decode()


def test_the_application_says_each_fact_about_time_once(client, coordinator):
    same = ProfileFactory(
        mentor=True,
        availability="Weekends",
        availability_slots=["weekends"],
        contact_time_slots=["weekends"],
        contact_times="weekends",
    )
    apart = ProfileFactory(
        mentor=True,
        availability="Most Saturdays, not in August",
        availability_slots=["weekends"],
        contact_time_slots=["weekday_evenings"],
        contact_times="After 7 pm",
    )
    client.force_login(coordinator)

    one = client.get(reverse("profiles:review_detail", args=[same.pk])).content.decode()
    two = client.get(reverse("profiles:review_detail", args=[apart.pk])).content.decode()

    assert one.count("Weekends") == 1
    assert '<dt class="col-sm-4">Can meet and be contacted</dt><dd class="col-sm-8">Weekends</dd>' in one
    assert "in their words" not in one
    assert '<dt class="col-sm-4">Can meet</dt><dd class="col-sm-8">Weekends</dd>' in two
    assert '<dt class="col-sm-4">Contact times</dt><dd class="col-sm-8">Weekday evenings</dd>' in two
    assert "Most Saturdays, not in August" in two
    assert "After 7 pm" in two


def test_the_tabs_count_every_status_and_a_tab_pages_by_its_own_count(client, coordinator):
    for i in range(27):
        ProfileFactory(status=Status.PENDING, user__name=f"Applicant {i:02d}")
    for status, n in ((Status.APPROVED, 3), (Status.WAITLISTED, 2), (Status.DECLINED, 1)):
        for i in range(n):
            ProfileFactory(status=status, user__name=f"{status} {i}")
    client.force_login(coordinator)

    page = client.get(reverse("profiles:review_list"), {"status": "pending"}).content.decode()
    every = client.get(reverse("profiles:review_list"), {"status": "all"}).content.decode()

    # The approved are counted as every profile but the others: the badges still say each status's own number.
    for value, count in (("pending", 27), ("approved", 3), ("waitlisted", 2), ("declined", 1)):
        assert f'href="?status={value}">' in page
        assert f">{count}</span></a>" in page.split(f'href="?status={value}">', 1)[1].split("</li>", 1)[0]
    assert "Page 1 of 2" in page
    assert "Page 1 of 2" in every  # 33 in all


def test_only_the_invited_on_the_page_are_marked_invited(client, coordinator):
    from profiles.models import Invitation

    ProfileFactory(status=Status.PENDING, user__name="Invited Applicant", user__email="invited@example.org")
    ProfileFactory(status=Status.PENDING, user__name="Other Applicant", user__email="other@example.org")
    Invitation.objects.create(email="invited@example.org", name="Invited Applicant", role="mentee")
    Invitation.objects.create(email="elsewhere@example.org", name="Not Applied", role="mentor")
    client.force_login(coordinator)

    page = client.get(reverse("profiles:review_list")).content.decode()

    assert "invited@example.org · invited" in page
    assert "other@example.org · invited" not in page
    assert "other@example.org" in page
