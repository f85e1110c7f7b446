"""C1–C7: opening a month, answering by link or from the site, reminders, the notebook, early warnings."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from checkins import dates, links, selectors
from checkins.models import CheckIn, CheckInStatus, NotebookEntry
from checkins.services import NotebookError, checkins_open_if_due, checkins_open_month, checkins_remind, notebook_add
from checkins.tests.factories import CheckInFactory, NotebookEntryFactory
from matches.models import MatchStatus
from matches.tests.factories import MatchFactory
from outbox.models import Message, MessageStatus
from profiles.models import ProgramSettings
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

NOVEMBER = date(2026, 11, 1)
# Opened an hour ago, so the window is open now; tests travel to later moments.
OPENED = timezone.now().replace(microsecond=0) - timedelta(hours=1)
LINK = re.compile(r"https?://[^\s]+/checkins/\d+/[^\s]+/")

MENTOR_ANSWER = {
    "update": "We met twice about her new role.",
    "partnership_status": "going_well",
    "hours_in_person": "1.5",
    "hours_email": "1.5",
    "hours_video": "0",
    "hours_phone": "0",
    "hours_other": "0.25",
}


@pytest.fixture
def match(mentor, mentee):
    return MatchFactory(mentor=mentor, mentee=mentee, started_at=OPENED - timedelta(days=60))


@pytest.fixture
def opened(match, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=NOVEMBER, now=OPENED)
    return {c.role: c for c in CheckIn.objects.all()}


def link_in(message) -> str:
    return LINK.search(message.body).group().replace("http://127.0.0.1:8000", "")


def mail_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_opening_a_month_emails_each_person_a_personal_link(opened):
    assert set(opened) == {"mentor", "mentee"}
    assert opened["mentor"].hours_month == date(2026, 10, 1)
    assert opened["mentor"].due_at == OPENED + timedelta(days=7)
    to_mentor = mail_to("mentor@example.org")
    assert len(to_mentor) == 1
    assert "November check-in" in to_mentor[0].subject
    assert "hours you spent mentoring in October" in to_mentor[0].body
    assert f"/checkins/{opened['mentor'].pk}/" in link_in(to_mentor[0])
    assert f"/checkins/{opened['mentee'].pk}/" in link_in(mail_to("mentee@example.org")[0])
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 2


def test_running_the_month_twice_sends_nothing_twice(opened, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = checkins_open_month(month=NOVEMBER, now=OPENED + timedelta(hours=1))
        call_command("send_checkins", "--month", "2026-11")

    assert (result.created, result.queued) == (0, 0)
    assert CheckIn.objects.count() == 2
    assert len(mail.outbox) == 2


def test_a_retried_email_task_skips_what_was_sent(opened):
    from outbox.tasks import outbox_flush_task

    result = outbox_flush_task.apply().get()

    assert result["sent"] == 0
    assert len(mail.outbox) == 2


def test_the_daily_job_opens_only_on_the_check_in_day(match, django_capture_on_commit_callbacks):
    settings_ = ProgramSettings.load()
    settings_.checkin_day = 5
    settings_.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert checkins_open_if_due(today=date(2026, 11, 4)) is None
        assert checkins_open_if_due(today=date(2026, 11, 5)).created == 2
        assert checkins_open_if_due(today=date(2026, 11, 6)) is None

    assert len(mail.outbox) == 2


def test_the_link_opens_the_form_without_login_and_only_post_saves(client, opened):
    url = link_in(mail_to("mentor@example.org")[0])

    page = client.get(url)
    assert page.status_code == 200
    assert "Hours spent mentoring in October" in page.content.decode()
    assert CheckIn.objects.get(pk=opened["mentor"].pk).status == CheckInStatus.OPEN

    response = client.post(url, MENTOR_ANSWER, follow=True)

    checkin = CheckIn.objects.get(pk=opened["mentor"].pk)
    assert checkin.status == CheckInStatus.ANSWERED
    assert checkin.total_hours == Decimal("3.25")
    assert (checkin.hours_in_person, checkin.hours_email) == (Decimal("1.5"), Decimal("1.5"))
    body = response.content.decode()
    assert "Thank you! Your answer is saved." in body
    assert "3.25 h" in body
    assert not response.wsgi_request.user.is_authenticated


def test_an_answer_can_change_until_the_window_closes(client, opened):
    url = link_in(mail_to("mentor@example.org")[0])
    client.post(url, MENTOR_ANSWER)
    client.post(url, {**MENTOR_ANSWER, "hours_phone": "2"})
    assert CheckIn.objects.get(pk=opened["mentor"].pk).total_hours == Decimal("5.25")

    with time_machine.travel(OPENED + timedelta(days=8)):
        response = client.post(url, {**MENTOR_ANSWER, "hours_phone": "9"}, follow=True)

    assert "can no longer be changed" in response.content.decode()
    assert CheckIn.objects.get(pk=opened["mentor"].pk).total_hours == Decimal("5.25")


def test_an_answer_after_the_window_is_accepted_and_marked_late(client, opened):
    url = link_in(mail_to("mentee@example.org")[0])

    with time_machine.travel(OPENED + timedelta(days=9)):
        response = client.post(url, {"update": "All good.", "continues": "yes", "concern": ""}, follow=True)

    checkin = CheckIn.objects.get(pk=opened["mentee"].pk)
    assert (checkin.status, checkin.late, checkin.continues) == (CheckInStatus.ANSWERED, True, True)
    assert "marked late" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"hours_video": "-1"}, "Ensure this value is greater than or equal to 0."),
        ({"hours_video": "lots"}, "Enter hours as a number, e.g. 1.5."),
        ({"hours_video": "NaN"}, "Enter hours as a number, e.g. 1.5."),
        ({"hours_video": "5000"}, "Ensure this value is less than or equal to 200."),
        ({"hours_video": "1.1"}, "Round to the quarter hour"),
        ({"hours_video": "1e400"}, "Ensure this value is less than or equal to 200."),
        ({"hours_video": "1e-400"}, "Ensure that there are no more than 5 digits in total."),
        ({"partnership_status": "ecstatic"}, "Select a valid choice."),
        ({"update": ""}, "This field is required."),
    ],
)
def test_bad_hours_are_refused_with_a_message_and_nothing_saved(client, opened, changes, message):
    url = link_in(mail_to("mentor@example.org")[0])

    response = client.post(url, {**MENTOR_ANSWER, **changes})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "nothing was saved" in response.content.decode()
    checkin = CheckIn.objects.get(pk=opened["mentor"].pk)
    assert (checkin.status, checkin.total_hours, checkin.update) == (CheckInStatus.OPEN, 0, "")


def test_bad_links_get_a_clear_page_and_never_anybodys_data(client, opened):
    mentor_checkin, mentee_checkin = opened["mentor"], opened["mentee"]
    good = links.make_token(mentor_checkin)
    with time_machine.travel(timezone.now() - timedelta(days=30)):
        expired = links.make_token(mentor_checkin)
    forged = signing.dumps({"checkin": mentee_checkin.pk, "person": mentee_checkin.person_id}, salt="another.salt")
    cases = [
        (reverse("checkins:answer_by_link", args=[mentor_checkin.pk, good[:-5] + "xxxxx"]), "This link does not work"),
        (reverse("checkins:answer_by_link", args=[mentor_checkin.pk, expired]), "This link has expired"),
        # The mentor's link pointed at the partner's check-in.
        (reverse("checkins:answer_by_link", args=[mentee_checkin.pk, good]), "This link is for another check-in"),
        (reverse("checkins:answer_by_link", args=[mentee_checkin.pk, forged]), "This link does not work"),
        (reverse("checkins:answer_by_link", args=[999999, good]), "This link is for another check-in"),
    ]
    for url, title in cases:
        for method in (client.get, client.post):
            response = method(url, MENTOR_ANSWER)
            body = response.content.decode()
            assert response.status_code == 400, url
            assert title in body
            assert reverse("account_login") in body
            assert "Mira Mentee" not in body
            assert "Morgan Mentor" not in body
    assert not CheckIn.objects.filter(status=CheckInStatus.ANSWERED).exists()


def test_logged_in_people_answer_from_their_home_page_and_only_their_own(client, opened, mentor, mentee, coordinator):
    client.force_login(mentee)
    home = client.get(reverse("home")).content.decode()
    assert "November check-in" in home
    url = reverse("checkins:answer", args=[opened["mentee"].pk])
    assert url in home

    client.post(url, {"update": "Going fine.", "continues": "no", "concern": "Schedules clash."})
    checkin = CheckIn.objects.get(pk=opened["mentee"].pk)
    assert (checkin.continues, checkin.concern) == (False, "Schedules clash.")

    for person in (mentor, coordinator):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"update": "x", "continues": "yes"}).status_code == 404
    assert CheckIn.objects.get(pk=opened["mentee"].pk).update == "Going fine."


def test_one_reminder_goes_to_those_who_have_not_answered(client, opened, django_capture_on_commit_callbacks):
    client.post(link_in(mail_to("mentee@example.org")[0]), {"update": "Fine", "continues": "yes"})
    mail.outbox.clear()

    assert checkins_remind(now=OPENED + timedelta(days=2)) == 0  # too early (after 4 days)
    with django_capture_on_commit_callbacks(execute=True):
        assert checkins_remind(now=OPENED + timedelta(days=4, hours=1)) == 1
    assert checkins_remind(now=OPENED + timedelta(days=5)) == 0  # once only

    assert [m.to for m in mail.outbox] == [["mentor@example.org"]]
    assert "Reminder" in mail.outbox[0].subject


def test_unanswered_check_ins_become_missed_when_the_next_month_opens(opened, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = checkins_open_month(month=date(2026, 12, 1), now=OPENED + timedelta(days=30))

    assert result.missed == 2
    assert set(CheckIn.objects.filter(month=NOVEMBER).values_list("status", flat=True)) == {CheckInStatus.MISSED}


def test_the_notebook_is_shared_by_the_partners_and_fills_in_the_hours(client, match, mentor, mentee):
    match.started_at = datetime(2026, 10, 1, 9, tzinfo=timezone.get_current_timezone())
    match.save(update_fields=["started_at"])
    client.force_login(mentee)
    url = reverse("checkins:notebook", args=[match.pk])
    for day, form, minutes in [
        ("2026-10-03", "in_person", 90),
        ("2026-10-20", "video", 45),
        ("2026-11-02", "phone", 30),
    ]:
        client.post(
            url, {"date": day, "form": form, "minutes": minutes, "topics": "Career paths", "notes": "Private notes"}
        )
    client.post(
        url, {"date": "2026-10-20", "form": "video", "minutes": 45, "topics": "Career paths", "notes": "Private notes"}
    )
    assert NotebookEntry.objects.count() == 3, "a double submit is kept once"

    client.force_login(mentor)
    assert "Private notes" in client.get(url).content.decode()
    checkin = CheckIn.objects.create(
        match=match,
        person=mentor,
        role="mentor",
        month=NOVEMBER,
        hours_month=date(2026, 10, 1),
        opened_at=timezone.now(),
        due_at=timezone.now() + timedelta(days=7),
    )
    form = client.get(reverse("checkins:answer", args=[checkin.pk])).content.decode()
    assert 'name="hours_in_person" id="id_hours_in_person" value="1.5"' in form
    assert 'name="hours_video" id="id_hours_video" value="0.75"' in form
    assert 'name="hours_phone" id="id_hours_phone" value="0"' in form
    assert "Filled in from your notebook" in form


def test_the_notebook_refuses_bad_entries(client, match, mentee):
    client.force_login(mentee)
    url = reverse("checkins:notebook", args=[match.pk])
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    for data, message in [
        ({"date": tomorrow, "form": "video", "minutes": 30, "topics": "x"}, "this date is in the future"),
        (
            {"date": "2026-10-01", "form": "telepathy", "minutes": 30, "topics": "x"},
            "Choose how you met from the list.",
        ),
        ({"date": "2026-10-01", "form": "video", "minutes": -30, "topics": "x"}, "Log meetings of 5 minutes or more."),
        ({"date": "2026-10-01", "form": "video", "minutes": 2, "topics": "x"}, "Log meetings of 5 minutes or more."),
        ({"date": "2026-10-01", "form": "video", "minutes": 99999, "topics": "x"}, "A meeting can last a day at most"),
        ({"date": "2026-10-01", "form": "video", "minutes": "1e400", "topics": "x"}, "Give the length in minutes"),
        ({"date": "not a date", "form": "video", "minutes": 30, "topics": "x"}, "Give the date as it is shown"),
        ({"date": "2026-10-01", "form": "video", "minutes": 30, "topics": ""}, "What did you talk about?"),
    ]:
        response = client.post(url, data)
        assert message in response.content.decode()
    assert not NotebookEntry.objects.exists()


def test_the_notebook_is_private_to_the_two_partners(client, match, coordinator):
    NotebookEntry.objects.create(
        match=match,
        author=match.mentee,
        date=date(2026, 10, 3),
        form="video",
        minutes=60,
        topics="Salary talk",
        notes="Very private",
    )
    other = ProfileFactory(user__email="other@example.org").user
    url = reverse("checkins:notebook", args=[match.pk])
    for person in (coordinator, other):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert (
            client.post(url, {"date": "2026-10-01", "form": "video", "minutes": 30, "topics": "x"}).status_code == 404
        )

    # The coordinator sees that they met, when and how long, not what they wrote.
    client.force_login(coordinator)
    history = client.get(reverse("dashboard:match", args=[match.pk])).content.decode()
    assert "3 Oct 2026 · Video call · 60 min" in history
    assert "Salary talk" not in history
    assert "Very private" not in history


def test_two_missed_check_ins_in_a_row_or_45_quiet_days_flag_a_match(match, mentor, mentee):
    quiet = MatchFactory(started_at=OPENED - timedelta(days=100))
    for month in (date(2026, 9, 1), date(2026, 10, 1)):
        CheckInFactory(match=match, month=month, missed=True)
        CheckInFactory(match=match, role="mentee", month=month, answered=True)
    CheckInFactory(match=match, month=NOVEMBER)  # this month's, still open
    NotebookEntryFactory(match=match, date=date(2026, 11, 10))

    flagged = {item.match.pk: item.reasons for item in selectors.at_risk(today=date(2026, 11, 20))}

    assert flagged[match.pk] == ["Morgan Mentor missed the last two check-ins"]
    assert flagged[quiet.pk] == [
        f"No contact logged and no hours reported for {(date(2026, 11, 20) - quiet.started_at.date()).days} days"
    ]


def test_two_missed_means_the_last_two_closed_months_not_the_one_just_opened():
    """16 people missed September and October; others missed only one of them, or October and the open November."""
    months = [date(2026, 9, 1), date(2026, 10, 1), NOVEMBER]
    histories = {
        "missed both closed months": ["missed", "missed", "open"],
        "answered late in November too": ["missed", "missed", "answered"],
        "missed October and not yet November": ["answered", "missed", "open"],
        "missed September only": ["missed", "answered", "open"],
    }
    expected = set()
    for name, statuses in histories.items():
        for _ in range(8 if name.startswith(("missed both", "answered late")) else 3):
            match = MatchFactory(started_at=OPENED - timedelta(days=120))
            NotebookEntryFactory(match=match, date=date(2026, 11, 15))  # in touch: only the check-ins count here
            for month, status in zip(months, statuses, strict=True):
                CheckInFactory(match=match, month=month, status=status)
                CheckInFactory(match=match, role="mentee", month=month, answered=True)
            if name.startswith(("missed both", "answered late")):
                expected.add(match.mentor_id)

    found = selectors.at_risk_found(today=date(2026, 11, 20))

    flagged = {person for _, _, missing, _ in found.values() for person in missing}
    assert len(expected) == 16
    assert flagged == expected


def test_the_coordinator_page_shows_answers_late_missed_and_at_risk(client, coordinator, opened):
    client.post(link_in(mail_to("mentor@example.org")[0]), MENTOR_ANSWER)
    client.force_login(coordinator)

    body = client.get(reverse("checkins:coordinator"), {"month": "2026-11"}).content.decode()

    assert "Check-ins: November 2026" in body
    assert "3.25 h" in body
    assert "Going well" in body
    assert "50%" in body
    assert "Not answered yet" in body
    assert "Check-in:" in body
    assert "sent " in body
    assert "At risk" in body
    bad = client.get(reverse("checkins:coordinator"), {"month": "2026-99"}, follow=True).content.decode()
    assert "That month is not valid" in bad


def test_the_coordinator_opens_a_month_from_the_page(client, coordinator, match, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    MatchFactory(
        started_at=datetime(2026, 11, 3, tzinfo=timezone.get_current_timezone())
    )  # begun in November: next month
    page = client.get(reverse("checkins:coordinator"), {"month": "2026-11"}).content.decode()
    confirm = client.get(reverse("checkins:open_month"), {"month": "2026-11"}).content.decode()
    assert "Open the November 2026 check-ins" in page
    assert "Each partner of 1 active partnership gets a check-in about October: <strong>2 e-mails</strong>" in confirm
    assert not CheckIn.objects.exists(), "the confirmation page opens nothing"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("checkins:open_month"), {"month": "2026-11"}, follow=True)
        again = client.post(reverse("checkins:open_month"), {"month": "2026-11"}, follow=True)
        bad = client.post(reverse("checkins:open_month"), {"month": "soon"}, follow=True)

    assert "2 check-ins opened, 2 e-mails to send." in response.content.decode()
    assert "Nothing new: this month was already open." in again.content.decode()
    assert "Please give the month as YYYY-MM" in bad.content.decode()
    assert len(mail.outbox) == 2


def test_check_in_pages_for_the_coordinator_are_not_found_for_participants(client, match, mentor, mentee):
    for person in (mentor, mentee):
        client.force_login(person)
        assert client.get(reverse("checkins:coordinator")).status_code == 404
        assert client.post(reverse("checkins:open_month"), {"month": "2026-11"}).status_code == 404
        assert client.get(reverse("dashboard:match", args=[match.pk])).status_code == 404
    assert not CheckIn.objects.exists()


def test_send_checkins_refuses_a_bad_month():
    with pytest.raises(Exception, match="is not a month"):
        call_command("send_checkins", "--month", "November")


def test_a_month_not_yet_begun_is_refused_and_open_windows_stay_open(client, coordinator, opened):
    """27.3: opening January on 5 December marked December's open check-ins missed; now it is refused."""
    this_month = dates.month_start(timezone.localdate())
    future = dates.next_month(this_month)
    CheckIn.objects.update(month=this_month)

    with pytest.raises(CommandError, match=f"{future:%B %Y} has not begun; nothing was opened or marked missed"):
        call_command("send_checkins", "--month", f"{future:%Y-%m}")
    client.force_login(coordinator)
    page = client.get(reverse("checkins:coordinator"), {"month": f"{future:%Y-%m}"}).content.decode()
    posted = client.post(reverse("checkins:open_month"), {"month": f"{future:%Y-%m}"}, follow=True).content.decode()

    assert f"{future:%B} has not begun: they open on {future:%B} " in page
    assert f"Open the {future:%B %Y} check-ins" not in page
    assert f"{future:%B %Y} has not begun: its check-ins open on or after its first day. Nothing was opened." in posted
    assert set(CheckIn.objects.values_list("status", flat=True)) == {CheckInStatus.OPEN}
    assert not CheckIn.objects.filter(month=future).exists()


def test_closed_matches_get_no_check_in(match, django_capture_on_commit_callbacks):
    match.status = MatchStatus.CLOSED
    match.close_reason = "completed"
    match.save()

    with django_capture_on_commit_callbacks(execute=True):
        assert checkins_open_month(month=NOVEMBER).created == 0
    assert mail.outbox == []


def test_a_pair_that_goes_quiet_is_nudged_once_per_episode(client, coordinator, django_capture_on_commit_callbacks):
    from checkins.models import QuietEpisode
    from checkins.services import quiet_pairs_nudge

    quiet = MatchFactory(started_at=OPENED - timedelta(days=100))
    fine = MatchFactory(started_at=OPENED - timedelta(days=100))
    NotebookEntryFactory(match=fine, date=timezone.localdate() - timedelta(days=3))
    today = timezone.localdate()

    with django_capture_on_commit_callbacks(execute=True):
        assert quiet_pairs_nudge(today=today) == 1
        assert quiet_pairs_nudge(today=today) == 0, "a second run the same day nudges nobody"
    nudges = [m for m in mail.outbox if "how are you and" in m.subject]
    assert sorted(m.to[0] for m in nudges) == sorted([quiet.mentor.email, quiet.mentee.email])
    assert f"/matches/{quiet.pk}/notebook/" in nudges[0].body
    client.force_login(coordinator)
    assert "Both partners were nudged by e-mail" in client.get(reverse("checkins:coordinator")).content.decode()

    # In touch again: the episode ends. Quiet again later: a new episode, a new nudge.
    NotebookEntryFactory(match=quiet, date=today)
    with django_capture_on_commit_callbacks(execute=True):
        assert quiet_pairs_nudge(today=today + timedelta(days=1)) == 0
    assert QuietEpisode.objects.get(match=quiet).ended_on == today + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert quiet_pairs_nudge(today=today + timedelta(days=60)) == 2  # both matches are quiet by then
    assert len([m for m in mail.outbox if "how are you and" in m.subject]) == 6


def test_nudges_can_be_turned_off(coordinator, django_capture_on_commit_callbacks):
    from checkins.services import quiet_pairs_nudge

    settings_ = ProgramSettings.load()
    settings_.nudge_quiet_pairs = False
    settings_.save()
    MatchFactory(started_at=OPENED - timedelta(days=100))

    with django_capture_on_commit_callbacks(execute=True):
        quiet_pairs_nudge()

    assert mail.outbox == []


def test_a_closed_partnerships_check_in_is_withdrawn_and_not_counted(
    client, opened, match, coordinator, django_capture_on_commit_callbacks
):
    from endings.services import partnership_close

    with django_capture_on_commit_callbacks(execute=True):
        partnership_close(match=match, by=coordinator, reason="completed")
    client.force_login(coordinator)

    body = client.get(reverse("checkins:coordinator"), {"month": "2026-11"}).content.decode()
    page = client.get(link_in(mail_to("mentor@example.org")[0]))

    assert set(CheckIn.objects.values_list("status", flat=True)) == {CheckInStatus.WITHDRAWN}
    assert "—" in body.split("response rate")[0], "no rate: nothing left to count"
    assert "this check-in is withdrawn" in page.content.decode()


def test_an_author_corrects_or_removes_an_entry_for_two_weeks_and_the_history_is_kept(client, match, mentor, mentee):
    from checkins.models import NotebookRevision
    from checkins.selectors import notebook_hours

    match.started_at = datetime(2026, 10, 1, 9, tzinfo=timezone.get_current_timezone())
    match.save(update_fields=["started_at"])
    entry = NotebookEntryFactory(match=match, author=mentee, date=date(2026, 10, 3), minutes=60, topics="Typo topic")
    other = NotebookEntryFactory(match=match, author=mentee, date=date(2026, 10, 5), minutes=30, topics="Logged twice")
    client.force_login(mentee)
    page = client.get(reverse("checkins:notebook", args=[match.pk])).content.decode()
    assert reverse("checkins:notebook_edit", args=[entry.pk]) in page

    client.post(
        reverse("checkins:notebook_edit", args=[entry.pk]),
        {"date": "2026-10-03", "form": "in_person", "minutes": 90, "topics": "Career paths", "notes": ""},
    )
    removed = client.post(reverse("checkins:notebook_remove", args=[other.pk]), follow=True)

    entry.refresh_from_db()
    assert (entry.topics, entry.minutes, entry.form) == ("Career paths", 90, "in_person")
    assert "It no longer counts toward your hours" in removed.content.decode()
    assert "Logged twice" not in removed.content.decode()
    assert notebook_hours(match=match, month=date(2026, 10, 1))["hours_in_person"] == Decimal("1.5")
    assert notebook_hours(match=match, month=date(2026, 10, 1))["hours_video"] == 0
    assert [(r.action, r.topics) for r in NotebookRevision.objects.order_by("pk")] == [
        ("edited", "Typo topic"),
        ("removed", "Logged twice"),
    ]

    # The partner cannot, and nobody can after two weeks.
    client.force_login(mentor)
    assert client.post(reverse("checkins:notebook_remove", args=[entry.pk])).status_code == 404
    client.force_login(mentee)
    NotebookEntry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - timedelta(days=15))
    assert client.get(reverse("checkins:notebook_edit", args=[entry.pk])).status_code == 404
    assert (
        reverse("checkins:notebook_edit", args=[entry.pk])
        not in client.get(reverse("checkins:notebook", args=[match.pk])).content.decode()
    )


def test_the_coordinator_pages_through_a_large_month_and_filters_it(client, coordinator, django_assert_max_num_queries):
    """A program of hundreds of pairs: the counts cover the whole month, the list shows one page of it, and
    the cost does not grow with the program."""
    month = date(2026, 11, 1)
    for i in range(60):
        match = MatchFactory(mentee=ProfileFactory(user__name=f"Mentee {i:02}").user)
        CheckInFactory(match=match, month=month, answered=i < 20, concern="Worried." if i == 0 else "")
        CheckInFactory(match=match, role="mentee", month=month, status=CheckInStatus.MISSED if i < 5 else "open")
    client.force_login(coordinator)

    with django_assert_max_num_queries(20):
        first = client.get(reverse("checkins:coordinator"), {"month": "2026-11"}).content.decode()
    second = client.get(reverse("checkins:coordinator"), {"month": "2026-11", "page": "3"}).content.decode()
    missed = client.get(reverse("checkins:coordinator"), {"month": "2026-11", "show": "missed"}).content.decode()
    concerns = client.get(reverse("checkins:coordinator"), {"month": "2026-11", "show": "concerns"}).content.decode()
    odd = client.get(reverse("checkins:coordinator"), {"month": "2026-11", "show": "<x>", "page": "99"})

    assert "Page 1 of 3" in first
    assert ">Next<" in first
    assert first.count("<tr>") - 1 == selectors.ANSWERS_PER_PAGE  # the header's row aside
    assert "Page 3 of 3" in second
    assert ">Previous<" in second
    assert re.search(r"Missed <span[^>]*>5</span>", first)
    assert missed.count('<span class="badge text-bg-danger">Missed</span>') == 5
    answers = concerns.split('id="answers-title"')[1]  # the at-risk list above names quiet pairs too
    assert "with Mentee 00" in answers
    assert "Mentee 01" not in answers
    assert odd.status_code == 200
    assert "Page 3 of 3" in odd.content.decode()


def test_the_notebook_refuses_a_date_before_the_partnership_began(client, match, mentee):
    """27.6: an entry dated before the start showed on the coordinator's "contact logged"."""
    began = timezone.localdate(match.started_at)
    before = began - timedelta(days=1)
    entry = NotebookEntryFactory(match=match, author=mentee, date=began, minutes=60, topics="First talk")
    form = {"date": before.isoformat(), "form": "video", "minutes": 45, "topics": "Career paths", "notes": ""}
    client.force_login(mentee)

    page = client.get(reverse("checkins:notebook", args=[match.pk])).content.decode()
    added = client.post(reverse("checkins:notebook", args=[match.pk]), form).content.decode()
    edited = client.post(reverse("checkins:notebook_edit", args=[entry.pk]), form).content.decode()

    said = f"Your partnership began on {began:%-d %B %Y}; log what happened since then."
    assert f'min="{began.isoformat()}"' in page
    assert said in added
    assert said in edited
    assert "nothing was logged" in added
    assert list(NotebookEntry.objects.values_list("date", flat=True)) == [began]
    with pytest.raises(NotebookError, match="Your partnership began on"):
        notebook_add(match=match, author=mentee, date=before, form="video", minutes=30, topics="x")


def test_the_coordinator_page_shows_the_first_matches_at_risk_and_all_of_them_when_asked(client, coordinator):
    """A big program has hundreds at risk: the page lists the first few, and every one behind a link."""
    quiet = [MatchFactory(started_at=timezone.now() - timedelta(days=100)) for _ in range(12)]
    client.force_login(coordinator)

    first = client.get(reverse("checkins:coordinator")).content.decode()
    every = client.get(reverse("checkins:coordinator"), {"risk": "all"}).content.decode()

    def listed(body):
        return sum(f"{match.mentee.name} with {match.mentor.name}" in body for match in quiet)

    assert '<span class="badge text-bg-warning">12</span>' in first
    assert listed(first) == 10
    assert "Show all 12 matches at risk" in first
    assert listed(every) == 12
    assert "Show all" not in every
