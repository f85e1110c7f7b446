"""The coordinator's month lists its check-ins by status, the mentee's name and role (then as opened), across
pages, whatever names change after the check-ins opened: the name is copied on each check-in as the list's
sort key (``selectors.mentee_names_sync``). Today's matches at risk are kept in the cache and follow every write."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from checkins import selectors
from checkins.models import CheckIn, CheckInStatus
from checkins.services import checkin_submit, notebook_add
from checkins.tests.factories import CheckInFactory
from matches.tests.factories import MatchFactory
from privacy.services import account_erase
from profiles.services import names_update
from profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db

MONTH = date(2026, 11, 1)
# Names in an order that is not the order the pairs are made in; two mentees share a name.
NAMES = ["Nora Quist", "Ann Baker", "Zed Young", "Carl Dunn", "Ann Baker", "Mia Lowe", "Bea Cole", "Omar Park"]


@pytest.fixture
def month():
    matches = []
    for i in range(60):
        mentee = ProfileFactory(user__name=f"{NAMES[i % len(NAMES)]} {i % 7}").user
        match = MatchFactory(mentee=mentee)
        status = [CheckInStatus.OPEN, CheckInStatus.ANSWERED, CheckInStatus.MISSED][i % 3]
        CheckInFactory(match=match, month=MONTH, status=status)
        CheckInFactory(
            match=match, role="mentee", month=MONTH, status=[CheckInStatus.OPEN, CheckInStatus.MISSED][i % 2]
        )
        matches.append(match)
    return matches


def expected() -> list[int]:
    """The month's check-ins as the list has always ordered them: through the mentee's name as it is now."""
    checkins = CheckIn.objects.filter(month=MONTH).select_related("match__mentee")
    return [c.pk for c in sorted(checkins, key=lambda c: (c.status, c.match.mentee.name, c.role, c.pk))]


def listed(show: str = "all") -> list[int]:
    pks: list[int] = []
    page = 1
    while True:
        overview = selectors.month_overview(MONTH, show=show, page=page)
        pks += [c.pk for c in overview.checkins]
        if not overview.page.has_next():
            return pks
        page += 1


def test_the_month_is_listed_by_status_mentee_name_and_role_across_pages(client, coordinator, month):
    assert listed() == expected()
    assert listed("missed") == [pk for pk in expected() if CheckIn.objects.get(pk=pk).status == CheckInStatus.MISSED]
    client.force_login(coordinator)
    body = client.get(reverse("checkins:coordinator"), {"month": "2026-11"}).content.decode()
    first = CheckIn.objects.select_related("person").get(pk=expected()[0])
    rows = body.split("<tbody>")[1].split("</tbody>")[0]
    assert rows.index(f">{first.person.name}<") == rows.index("<td>") + 3


def test_a_name_changed_after_opening_moves_the_check_ins_at_once(month):
    assert listed() == expected()
    first_mentee = CheckIn.objects.get(pk=expected()[0]).match.mentee

    names_update(user=first_mentee, name="Zzz Last")  # the profile page's edit

    assert listed() == expected()
    assert CheckIn.objects.get(pk=listed()[0]).match.mentee != first_mentee
    other = month[7].mentee
    other.name = "Aaa First"
    other.save()  # the admin's edit, or a command's
    assert listed() == expected()


def test_an_erased_mentee_is_listed_under_the_name_that_replaced_theirs(coordinator, month):
    assert listed() == expected()
    erased = month[3].mentee

    account_erase(user=erased, by=coordinator, reason="Asked to be forgotten.")

    erased.refresh_from_db()
    assert erased.name != NAMES[3]
    assert listed() == expected()
    assert set(CheckIn.objects.filter(match=month[3]).values_list("mentee_name", flat=True)) == {erased.name}


def test_check_ins_opened_by_the_service_carry_their_mentee_name(mentor, mentee, django_capture_on_commit_callbacks):
    from checkins.services import checkins_open_month

    MatchFactory(mentor=mentor, mentee=mentee, started_at=timezone.now() - timedelta(days=90))
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=MONTH, now=timezone.now())

    assert set(CheckIn.objects.values_list("mentee_name", flat=True)) == {mentee.name}


def test_the_matches_at_risk_kept_follow_the_notebook_and_the_answers(client, coordinator):
    match = MatchFactory(started_at=timezone.now() - timedelta(days=100))
    quiet = MatchFactory(started_at=timezone.now() - timedelta(days=100))
    client.force_login(coordinator)

    def at_risk():
        body = client.get(reverse("checkins:coordinator")).content.decode()
        return {m.pk for m in (match, quiet) if f"{m.mentee.name} with {m.mentor.name}" in body}

    assert at_risk() == {match.pk, quiet.pk}
    assert at_risk() == {match.pk, quiet.pk}  # kept: the same

    notebook_add(match=match, author=match.mentee, date=timezone.localdate(), form="video", minutes=30, topics="x")
    assert at_risk() == {quiet.pk}

    checkin = CheckInFactory(match=quiet, month=selectors.dates.month_start(timezone.localdate()))
    answer = {"update": "Fine.", "partnership_status": "going_well", "hours_video": "1"}
    answer |= dict.fromkeys(("hours_in_person", "hours_email", "hours_phone", "hours_other"), "0")
    checkin_submit(checkin=checkin, answer=answer)
    assert at_risk() == set()
