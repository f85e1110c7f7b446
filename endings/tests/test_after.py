"""E2 and E3: the closing survey by its signed link, thanks, nominations, and what the coordinator sees."""

import csv
import io
import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from endings import links
from endings.models import Nomination, Survey, ThankYou
from endings.services import partnership_close, surveys_remind
from matches.tests.factories import MatchFactory
from profiles.models import ProgramSettings
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://[^\s]+(/surveys/\d+/[^\s]+/)")
MENTEE_ANSWER = {
    "rating": "5",
    "goals_moved": "partly",
    "helped_most": "Honest feedback.",
    "program_change": "More events.",
    "again": "yes",
}


@pytest.fixture
def closed(mentor, mentee, django_capture_on_commit_callbacks):
    match = MatchFactory(mentor=mentor, mentee=mentee)
    with django_capture_on_commit_callbacks(execute=True):
        partnership_close(match=match, by=mentee, reason="completed")
    match.refresh_from_db()
    return match


def survey_link(address):
    [message] = [m for m in mail.outbox if m.to == [address] and "how did your partnership" in m.subject]
    return LINK.search(str(message.body)).group(1)


def test_the_survey_link_shows_the_form_and_only_the_post_saves_once(client, closed, mentee):
    url = survey_link(mentee.email)

    page = client.get(url).content.decode()
    assert "How did the partnership go?" in page
    assert "Did your goals move forward?" in page
    assert not Survey.objects.filter(answered_at__isnull=False).exists()

    first = client.post(url, MENTEE_ANSWER, follow=True)
    second = client.post(url, {**MENTEE_ANSWER, "rating": "1"}, follow=True)

    survey = Survey.objects.get(person=mentee)
    assert (survey.rating, survey.goals_moved, survey.again) == (5, "partly", True)
    assert "Thank you! Your answers help" in first.content.decode()
    assert "already answered" in second.content.decode()
    assert not second.wsgi_request.user.is_authenticated


def test_the_mentor_is_not_asked_about_goals(client, closed, mentor):
    url = survey_link(mentor.email)

    assert "Did your goals move forward?" not in client.get(url).content.decode()
    client.post(url, {"rating": "4", "again": "no"})

    assert Survey.objects.get(person=mentor).again is False


def test_bad_survey_links_say_so_and_change_nothing(client, closed, mentor, mentee):
    mine = Survey.objects.get(person=mentee)
    theirs = Survey.objects.get(person=mentor)
    good = links.make_token(mine)
    with time_machine.travel(timezone.now() - timedelta(days=60)):
        expired = links.make_token(mine)
    forged = signing.dumps({"survey": theirs.pk, "person": theirs.person_id}, salt="another.salt")
    cases = [
        (reverse("endings:survey_by_link", args=[mine.pk, good[:-4] + "abcd"]), "This link does not work"),
        (reverse("endings:survey_by_link", args=[mine.pk, expired]), "This link has expired"),
        (reverse("endings:survey_by_link", args=[theirs.pk, good]), "This link is for another survey"),
        (reverse("endings:survey_by_link", args=[theirs.pk, forged]), "This link does not work"),
    ]
    for url, title in cases:
        for method in (client.get, client.post):
            response = method(url, MENTEE_ANSWER)
            assert response.status_code == 400
            assert title in response.content.decode()
            assert "Morgan Mentor" not in response.content.decode()
    assert not Survey.objects.filter(answered_at__isnull=False).exists()


def test_a_closed_accounts_survey_link_says_so_and_takes_no_answer(client, closed, mentee):
    url = survey_link(mentee.email)
    mentee.is_active = False
    mentee.save(update_fields=["is_active"])

    page = client.get(url)
    post = client.post(url, MENTEE_ANSWER)

    assert page.status_code == post.status_code == 403
    assert "This account is closed" in page.content.decode()
    assert "Morgan Mentor" not in page.content.decode()
    assert not Survey.objects.filter(answered_at__isnull=False).exists()


def test_bad_answers_are_refused_with_a_message(client, closed, mentee):
    url = survey_link(mentee.email)

    response = client.post(url, {**MENTEE_ANSWER, "rating": "9", "again": ""})

    body = response.content.decode()
    assert "Select a valid choice." in body
    assert "Please say whether you would take part again." in body
    assert Survey.objects.get(person=mentee).answered_at is None


def test_one_reminder_a_week_later_to_those_who_have_not_answered(
    client, closed, mentor, mentee, django_capture_on_commit_callbacks
):
    client.post(survey_link(mentee.email), MENTEE_ANSWER)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert surveys_remind(now=timezone.now() + timedelta(days=3)) == 0
        assert surveys_remind(now=timezone.now() + timedelta(days=8)) == 1
        assert surveys_remind(now=timezone.now() + timedelta(days=9)) == 0

    assert [m.to for m in mail.outbox] == [[mentor.email]]
    assert "Reminder" in mail.outbox[0].subject


def test_the_mentee_thanks_the_mentor_who_gets_it_by_email_and_keeps_it(
    client, closed, mentor, mentee, django_capture_on_commit_callbacks
):
    client.force_login(mentee)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("endings:thank", args=[closed.pk]), {"message": "You changed my year."})
        client.post(reverse("endings:thank", args=[closed.pk]), {"message": "You changed my year."})

    assert ThankYou.objects.count() == 1, "a double click sends once"
    [note] = [m for m in mail.outbox if m.to == [mentor.email] and "thank-you" in m.subject]
    assert "You changed my year." in note.body
    client.force_login(mentor)
    assert "You changed my year." in client.get(reverse("endings:thanks_received")).content.decode()
    assert client.post(reverse("endings:thank", args=[closed.pk]), {"message": "Self praise"}).status_code == 404


def test_the_thank_you_and_nomination_forms_show_what_was_sent(
    client, closed, mentee, django_capture_on_commit_callbacks
):
    """27.7: both forms forgot what was sent; a second nomination replaced the first without saying so."""
    client.force_login(mentee)
    thank_url, nominate_url = reverse("endings:thank", args=[closed.pk]), reverse("endings:nominate", args=[closed.pk])
    first_thank, first_nominate = client.get(thank_url).content.decode(), client.get(nominate_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(thank_url, {"message": "You changed my year."})
    client.post(nominate_url, {"reason": "Patient and generous."})

    thank = client.get(thank_url).content.decode()
    nominate = client.get(nominate_url).content.decode()
    replaced = client.post(nominate_url, {"reason": "Patient, generous and wise."}, follow=True).content.decode()

    today = f"{timezone.localdate():%-d %B %Y}"
    assert "The note you sent" not in first_thank
    assert "The note you sent" in thank
    assert "You changed my year." in thank
    assert f"Sent to Morgan on {today}" in thank
    assert "Send another note" in thank
    assert "You nominated" not in first_nominate
    assert f"You nominated Morgan on {today}. Your reasons are below." in nominate
    assert "sending this form again <strong>replaces</strong> those reasons" in nominate
    assert "Patient and generous.</textarea>" in nominate
    assert "Replace my nomination" in nominate
    assert "Your nomination of Morgan Mentor now gives these reasons; the earlier ones are replaced." in replaced


def test_nominations_reach_the_coordinator_only(client, closed, mentor, mentee, coordinator):
    settings_ = ProgramSettings.load()
    settings_.award_name = "Golden Compass Award"
    settings_.save()
    client.force_login(mentee)
    page = client.get(reverse("endings:nominate", args=[closed.pk])).content.decode()
    assert "Golden Compass Award" in page

    client.post(reverse("endings:nominate", args=[closed.pk]), {"reason": "Patient and generous."})
    client.post(reverse("endings:nominate", args=[closed.pk]), {"reason": "Patient, generous and wise."})

    nomination = Nomination.objects.get()
    assert (nomination.mentor, nomination.reason, nomination.award_name) == (
        mentor,
        "Patient, generous and wise.",
        "Golden Compass Award",
    )
    client.force_login(coordinator)
    listed = client.get(reverse("endings:nominations")).content.decode()
    assert "Patient, generous and wise." in listed
    assert "Morgan Mentor" in listed
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get(reverse("endings:nominations_csv")).streaming_content).decode("utf-8-sig"))
        )
    )
    assert rows[1][1:4] == ["Golden Compass Award", "Morgan Mentor", mentor.email]
    for person in (mentor, mentee):
        client.force_login(person)
        assert client.get(reverse("endings:nominations")).status_code == 404
        assert client.get(reverse("endings:nominations_csv")).status_code == 404
        assert "Patient" not in client.get(reverse("home")).content.decode()


def test_renaming_the_award_keeps_each_nominations_name_and_says_so(client, closed, mentee, coordinator):
    program = ProgramSettings.load()
    program.award_name = "Golden Compass Award"
    program.save()
    client.force_login(mentee)
    client.post(reverse("endings:nominate", args=[closed.pk]), {"reason": "Patient and generous."})
    client.force_login(coordinator)
    before = client.get(reverse("endings:nominations")).content.decode()
    settings_page = client.get(reverse("profiles:settings")).content.decode()

    program.award_name = "Lighthouse Prize"
    program.save()
    after = client.get(reverse("endings:nominations")).content.decode()
    rows = list(
        csv.reader(
            io.StringIO(b"".join(client.get(reverse("endings:nominations_csv")).streaming_content).decode("utf-8-sig"))
        )
    )

    assert "was the award's name when this nomination was made" not in before
    assert "nominations already made keep the name they were made for" in settings_page
    assert "for Golden Compass Award" in after
    assert (
        "“Golden Compass Award” was the award's name when this nomination was made; "
        "it is now called “Lighthouse Prize”."
    ) in after
    assert rows[0][1] == "Award (its name when nominated)"
    assert rows[1][1] == "Golden Compass Award"


def test_the_coordinator_sees_survey_averages_and_the_again_rate_by_program_year(
    client, coordinator, django_capture_on_commit_callbacks
):
    settings_ = ProgramSettings.load()
    settings_.year_start_month = 9
    settings_.save()
    ratings = [(5, "yes"), (3, "no"), (4, "yes"), (4, "yes")]
    with time_machine.travel(datetime(2026, 10, 15, 12, tzinfo=timezone.get_current_timezone())):
        matches = [MatchFactory() for _ in range(2)]
        with django_capture_on_commit_callbacks(execute=True):
            for match in matches:
                partnership_close(match=match, by=coordinator, reason="completed")
        for survey, (rating, again) in zip(Survey.objects.order_by("pk"), ratings, strict=True):
            client.post(links.survey_url(survey), {"rating": rating, "again": again, "goals_moved": "yes"})
    client.force_login(coordinator)

    page = client.get(reverse("endings:surveys")).content.decode()

    assert "2026–27" in page
    assert 'data-figure="average-2026">4.0<' in page
    assert 'data-figure="again-2026">75%<' in page
    export = b"".join(client.get(reverse("endings:surveys_csv"), {"year": 2026}).streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(export)))) == 5


def test_pages_after_closing_are_for_their_people_only(client, closed, mentor, mentee, coordinator):
    other = MatchFactory()
    stranger = ProfileFactory().user
    survey = Survey.objects.get(person=mentee)
    urls = [
        ("get", reverse("endings:closed", args=[closed.pk])),
        ("get", reverse("endings:survey", args=[survey.pk])),
        ("post", reverse("endings:survey", args=[survey.pk])),
        ("get", reverse("endings:thank", args=[closed.pk])),
        ("post", reverse("endings:nominate", args=[closed.pk])),
        ("post", reverse("endings:close", args=[closed.pk])),
    ]
    for person in (stranger, other.mentor, other.mentee, coordinator):
        client.force_login(person)
        for method, url in urls:
            if person == coordinator and "close" in url:
                continue  # the coordinator may close any match (this one is closed already)
            assert getattr(client, method)(url, MENTEE_ANSWER).status_code == 404, (person, url)
    assert Survey.objects.get(pk=survey.pk).answered_at is None


def test_both_former_partners_keep_the_plan_as_it_stood_at_the_close(
    client, mentor, mentee, coordinator, django_capture_on_commit_callbacks
):
    from plans.services import plan_save
    from plans.tests.factories import PlanContentFactory, PlanFactory

    plan = PlanFactory(mentee=mentee, content=PlanContentFactory(skills=["Negotiating contracts"]))
    match = MatchFactory(mentor=mentor, mentee=mentee)
    with django_capture_on_commit_callbacks(execute=True):
        partnership_close(match=match, by=mentee, reason="completed")
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        later = PlanContentFactory(skills=["Chairing meetings after the close"])
        plan_save(mentee=mentee, content=later, based_on=plan.version, by=mentee)

    archive = reverse("endings:plan_archive", args=[match.pk])
    client.force_login(mentor)
    assert archive in client.get(reverse("endings:closed", args=[match.pk])).content.decode()
    page = client.get(archive).content.decode()
    assert "Negotiating contracts" in page
    assert "after the close" not in page
    assert "version 1" in page
    assert client.get(reverse("plans:detail", args=[plan.pk])).status_code == 404  # the live plan is the mentee's

    client.force_login(mentee)
    page = client.get(archive).content.decode()
    assert "Negotiating contracts" in page
    assert reverse("plans:mine") in page

    for person in (coordinator, MatchFactory().mentor, ProfileFactory().user):
        client.force_login(person)
        assert client.get(archive).status_code == 404, person


def test_the_archive_says_so_when_there_was_no_plan(client, closed, mentor):
    client.force_login(mentor)
    page = client.get(reverse("endings:plan_archive", args=[closed.pk])).content.decode()
    assert "not saved an action plan before the partnership closed" in page


def test_the_survey_answers_come_fifty_a_page_newest_first(client, coordinator):
    match = MatchFactory()
    answered = timezone.now()
    Survey.objects.bulk_create(
        Survey(
            match=match,
            person=match.mentee if n % 2 else match.mentor,
            role="mentee" if n % 2 else "mentor",
            program_year=2026,
            answered_at=answered - timedelta(minutes=n),
            rating=3,
            helped_most=f"Answer number {n:02d}.",
        )
        for n in range(2)
    )
    Survey.objects.bulk_create(
        Survey(
            match=MatchFactory(),
            person=ProfileFactory().user,
            role="mentee",
            program_year=2026,
            answered_at=answered - timedelta(minutes=n),
            rating=4,
            helped_most=f"Answer number {n:02d}.",
        )
        for n in range(2, 52)
    )
    client.force_login(coordinator)

    first = client.get(reverse("endings:surveys")).content.decode()
    second = client.get(reverse("endings:surveys"), {"page": 2}).content.decode()

    assert "Answer number 00." in first
    assert "Answer number 49." in first
    assert "Answer number 50." not in first
    assert "Page 1 of 2" in first
    assert "Answer number 50." in second
    assert "Answer number 51." in second
    assert "Answer number 00." not in second
