import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.urls import reverse

from matches.models import Match
from profiles.models import Profile, Status, User

pytestmark = pytest.mark.django_db


def test_createcoordinator_makes_a_verified_coordinator_who_logs_in_by_code(client, capsys):
    call_command("createcoordinator", "robin@bridges.example", "--name", "Robin Ellis")

    user = User.objects.get(email="robin@bridges.example")
    assert user.is_coordinator
    assert user.is_staff
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    out = capsys.readouterr().out
    assert "Created coordinator Robin Ellis" in out
    assert "set up an authenticator app" in out
    client.force_login(user)
    assert client.get(reverse("profiles:review_list"))["Location"] == reverse("mfa_activate_totp")


def test_createcoordinator_promotes_an_existing_person_once(mentor):
    call_command("createcoordinator", mentor.email)
    call_command("createcoordinator", mentor.email)

    mentor = User.objects.get(pk=mentor.pk)
    assert mentor.is_coordinator
    assert mentor.groups.count() == 1
    assert User.objects.filter(email=mentor.email).count() == 1


def test_createcoordinator_refuses_a_bad_address():
    with pytest.raises(CommandError, match="not a valid e-mail address"):
        call_command("createcoordinator", "robin")


def test_seed_demo_fills_every_application_state_and_prints_logins(settings, capsys):
    settings.DEBUG = True

    call_command("seed_demo")

    out = capsys.readouterr().out
    assert "coordinator@example.com" in out
    assert "mentoring-demo" in out
    demo = Profile.objects.exclude(user__email__startswith="alumni.")  # the earlier years' people aside
    assert demo.mentors().count() == 6
    assert demo.mentees().count() == 10
    assert set(Profile.objects.values_list("status", flat=True)) == set(Status.values)
    assert User.objects.get(email="coordinator@example.com").is_coordinator
    assert EmailAddress.objects.filter(verified=False).count() == 0
    assert Match.objects.active().count() == 3
    assert Match.objects.exclude(mentee__email__startswith="alumni.").filter(close_reason="not_a_fit").count() == 1
    # Two earlier program years of alumni, all closed, none waiting or taking mentees (the year report's history).
    alumni = Profile.objects.filter(user__email__startswith="alumni.")
    assert (alumni.mentors().count(), alumni.mentees().count()) == (10, 28)
    assert not Match.objects.open().filter(mentee__email__startswith="alumni.").exists()
    assert not alumni.filter(looking_for_mentor=True, role="mentee").exists()
    assert not alumni.filter(open_to_mentees=True, role="mentor").exists()


def test_seed_demo_leaves_a_database_with_people_alone(settings, mentor, capsys):
    settings.DEBUG = True

    call_command("seed_demo", "--if-empty")
    with pytest.raises(CommandError, match="only fills an empty one"):
        call_command("seed_demo")

    assert User.objects.count() == 1
    assert "no demo data added" in capsys.readouterr().out


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_demo_logins_work(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")

    # Not a fit, waiting again: he asked mentors himself (the demo lets mentees request, M8).
    assert client.login(email="olek@example.com", password="mentoring-demo")
    assert "Your request for a mentor is on its way" in client.get(reverse("home")).content.decode()
    assert client.login(email="an@example.com", password="mentoring-demo")  # newly matched: a first draft
    assert "Łukasz Nowak" in client.get(reverse("home")).content.decode()


def test_the_demo_shows_the_coordinator_an_email_the_server_refused(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")

    assert client.login(email="coordinator@example.com", password="mentoring-demo")
    failed = client.get(reverse("dashboard:failed_emails")).content.decode()
    assert "to aisha@example.com" in failed
    assert "550 5.1.1" in failed
    checkins = client.get(reverse("checkins:coordinator")).content.decode()
    assert "failed" in checkins
    assert "Recipient address rejected" in checkins
