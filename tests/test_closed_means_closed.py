"""A closed partnership's agreements, check-ins, notebook and plan comments take no change, whatever is posted.

The pages hide their forms once a partnership closes; these tests post anyway (a page opened
before the close, or a crafted request) and find nothing changed and a message saying why.
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from agreements.models import Agreement, Kind, Signature
from checkins import links
from checkins.models import CheckIn, CheckInStatus, NotebookEntry, NotebookRevision
from checkins.services import NotebookError, checkin_submit, checkins_open_month, notebook_edit, notebook_remove
from checkins.tests.factories import NotebookEntryFactory
from endings.services import partnership_close
from matches.tests.factories import MatchFactory
from plans.models import Comment
from plans.services import comment_add
from plans.tests.factories import PlanContentFactory, PlanFactory

pytestmark = pytest.mark.django_db

TERMS = {
    "goals": "Earn my certification within a year.",
    "expectations": "Monthly coffee.",
    "min_months": 9,
    "meetings_per_month": 2,
    "contact_between": "weekly",
    "mentee_responsibilities": "Send an agenda.",
    "mentor_responsibilities": "Introduce two people.",
}
MENTOR_ANSWER = {
    "update": "We met twice.",
    "partnership_status": "going_well",
    "hours_in_person": "1.5",
    "hours_email": "0",
    "hours_video": "0",
    "hours_phone": "0",
    "hours_other": "0",
}


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.fixture
def closed(mentor, mentee, coordinator, settings, tmp_path, django_capture_on_commit_callbacks):
    """A partnership with terms, one signature, an answered check-in, a notebook entry and a plan
    conversation, closed by the coordinator a moment ago."""
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    match = MatchFactory(mentor=mentor, mentee=mentee, started_at=now - timedelta(days=60))
    agreement_services.terms_update(match=match, data=TERMS, by=mentee)
    agreement_services.agreement_sign(
        match=match, kind=Kind.PARTNERSHIP, signer=mentee, typed_name=mentee.name, confirmed=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=now.date().replace(day=1), now=now - timedelta(hours=1))
    answered = checkin_submit(
        checkin=CheckIn.objects.get(person=mentor),
        answer={
            **MENTOR_ANSWER,
            "hours_in_person": Decimal("1.5"),
            "hours_email": Decimal(0),
            "hours_video": Decimal(0),
            "hours_phone": Decimal(0),
            "hours_other": Decimal(0),
        },
    )
    entry = NotebookEntryFactory(match=match, author=mentor)
    plan = PlanFactory(mentee=mentee, content=PlanContentFactory())
    thread, _ = comment_add(plan=plan, author=mentor, body="How did the first step go?")
    with django_capture_on_commit_callbacks(execute=True):
        partnership_close(match=match, by=coordinator, reason="completed")
    mail.outbox.clear()
    return {"match": match, "checkin": answered, "entry": entry, "plan": plan, "thread": thread}


def snapshot(match):
    return {
        "agreements": sorted(Agreement.objects.filter(match=match).values_list("kind", "goals", "digest")),
        "signatures": Signature.objects.filter(agreement__match=match).count(),
        "checkins": sorted(
            CheckIn.objects.filter(match=match).values_list("pk", "status", "update", "hours_in_person")
        ),
        "notebook": sorted(NotebookEntry.objects.filter(match=match).values_list("pk", "topics", "removed_at")),
        "revisions": NotebookRevision.objects.count(),
        "comments": Comment.objects.count(),
    }


def test_a_closed_partnerships_agreements_are_neither_re_termed_nor_signed(client, closed, mentor, mentee):
    match = closed["match"]
    before = snapshot(match)

    client.force_login(mentee)
    terms = client.post(
        reverse("agreements:terms", args=[match.pk, Kind.PARTNERSHIP]),
        {**TERMS, "goals": "Something else entirely.", "confirm_clear": "on"},
        follow=True,
    )
    client.force_login(mentor)
    signed = client.post(
        reverse("agreements:sign", args=[match.pk, Kind.PARTNERSHIP]),
        {"typed_name": mentor.name, "confirmed": "on", "without_goals": "on"},
        follow=True,
    )
    code = client.post(
        reverse("agreements:sign", args=[match.pk, Kind.CONFIDENTIALITY]),
        {"typed_name": mentor.name, "confirmed": "on"},
        follow=True,
    )

    assert snapshot(match) == before
    for response in (terms, signed, code):
        assert "This partnership is closed; its agreements are kept as they were" in text_of(response)
    assert mail.outbox == []


def test_a_closed_partnerships_check_in_answer_no_longer_changes_by_link_or_on_the_site(client, closed, mentor):
    match, checkin = closed["match"], closed["checkin"]
    assert checkin.status == CheckInStatus.ANSWERED
    assert timezone.now() < checkin.due_at
    before = snapshot(match)
    changed = {**MENTOR_ANSWER, "update": "Changed after the close.", "hours_in_person": "9"}

    by_link = client.post(links.answer_url(checkin), changed, follow=True)
    client.force_login(mentor)
    on_site = client.post(reverse("checkins:answer", args=[checkin.pk]), changed, follow=True)

    assert snapshot(match) == before
    for response in (by_link, on_site):
        assert response.status_code == 200
        assert "nothing was saved" in text_of(response) or "can no longer change" in text_of(response)


def test_a_closed_partnerships_check_in_shows_read_only_with_the_reason(client, closed, mentor):
    """27.5: the editable form, "You can change your answer until ..." and, on the home page, "See or change"."""
    match, checkin = closed["match"], closed["checkin"]
    client.force_login(mentor)

    page = client.get(reverse("checkins:answer", args=[checkin.pk])).content.decode()
    by_link = client.get(links.answer_url(checkin)).content.decode()
    home = client.get(reverse("home")).content.decode()

    for shown in (page, by_link):
        assert f"Your partnership with {match.mentee.name} closed on {timezone.localdate():%-d %B %Y}" in shown
        assert "kept as it was and can no longer change" in shown
        assert "You can change your answer until" not in shown
        assert "Save my changes" not in shown
        assert "<fieldset disabled>" in shown
    assert "See or change" not in home
    assert "check-in</strong> is waiting" not in home


def test_a_closed_partnerships_notebook_takes_no_entry_correction_or_removal(client, closed, mentor):
    match, entry = closed["match"], closed["entry"]
    before = snapshot(match)
    client.force_login(mentor)
    form = {
        "date": timezone.localdate().isoformat(),
        "form": "video",
        "minutes": "30",
        "topics": "Changed",
        "notes": "",
    }

    added = client.post(reverse("checkins:notebook", args=[match.pk]), form, follow=True)
    edited = client.post(reverse("checkins:notebook_edit", args=[entry.pk]), form)
    removed = client.post(reverse("checkins:notebook_remove", args=[entry.pk]))
    with pytest.raises(NotebookError, match="This partnership is closed; its notebook is kept as it was"):
        notebook_edit(entry=entry, by=mentor, date=timezone.localdate(), form="video", minutes=30, topics="Changed")
    with pytest.raises(NotebookError, match="This partnership is closed"):
        notebook_remove(entry=entry, by=mentor)

    assert snapshot(match) == before
    assert "takes no new entries" in text_of(added)
    assert edited.status_code == removed.status_code == 404  # a closed notebook's entries are not editable


def test_the_plan_conversation_is_kept_but_not_continued_after_the_close(client, closed, mentor, mentee):
    plan, thread = closed["plan"], closed["thread"]
    before = snapshot(closed["match"])
    url = reverse("plans:comments", args=[plan.pk])

    client.force_login(mentee)
    answer = client.post(url, {"body": "It went well, thank you!", "parent": thread.pk}, follow=True)
    client.force_login(mentor)
    former_mentor = client.post(url, {"body": "One more thing."})

    assert snapshot(closed["match"]) == before
    assert "with no active partnership they are kept as they were" in text_of(answer)
    assert former_mentor.status_code == 404


def test_a_deactivated_persons_check_in_link_is_refused_with_a_clear_page(
    client, mentor, mentee, django_capture_on_commit_callbacks
):
    now = timezone.now()
    MatchFactory(mentor=mentor, mentee=mentee, started_at=now - timedelta(days=60))
    with django_capture_on_commit_callbacks(execute=True):
        checkins_open_month(month=now.date().replace(day=1), now=now - timedelta(hours=1))
    checkin = CheckIn.objects.get(person=mentor)
    mentor.is_active = False
    mentor.save(update_fields=["is_active"])

    page = client.get(links.answer_url(checkin))
    post = client.post(links.answer_url(checkin), MENTOR_ANSWER)

    assert page.status_code == post.status_code == 403
    assert "This account is closed" in text_of(page)
    assert "log in" not in text_of(page)
    assert CheckIn.objects.get(pk=checkin.pk).status == CheckInStatus.OPEN
