"""V4: a coordinator's reads of concerns, check-in answers and private notes leave a row nobody can change."""

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from audit.models import AppendOnly, Kind, ReadLog
from checkins.tests.factories import CheckInFactory
from matches.tests.factories import MatchFactory
from profiles.tests.factories import ProfileFactory
from support.models import Concern

pytestmark = pytest.mark.django_db


def test_opening_a_concern_as_coordinator_logs_who_read_it_and_from_where(client, mentee, coordinator):
    client.force_login(mentee)
    client.post(reverse("support:report"), {"category": "other", "text": "I feel unsafe at the lab."})
    concern = Concern.objects.get()
    client.force_login(coordinator)

    page = client.get(reverse("support:detail", args=[concern.pk]), REMOTE_ADDR="203.0.113.9")

    assert "I feel unsafe at the lab." in page.content.decode()
    row = ReadLog.objects.get()
    assert (row.kind, row.object_id, row.person_id, row.reader_id) == (
        Kind.CONCERN,
        concern.pk,
        mentee.pk,
        coordinator.pk,
    )
    assert row.ip == "203.0.113.9"
    assert "Casey Coordinator" in row.reader


def test_the_reporter_reading_her_own_concern_is_not_logged(client, mentee):
    client.force_login(mentee)
    client.post(reverse("support:report"), {"category": "other", "text": "Something."})
    client.get(reverse("support:mine"))
    assert not ReadLog.objects.exists()


def test_opening_an_application_logs_a_read_of_its_private_notes(client, coordinator):
    applicant = ProfileFactory(status="pending")
    client.force_login(coordinator)
    client.get(reverse("profiles:review_detail", args=[applicant.pk]))
    assert list(ReadLog.objects.values_list("kind", "object_id", "person_id")) == [
        (Kind.APPLICATION_NOTES, applicant.pk, applicant.user_id)
    ]


def test_each_answer_shown_on_the_checkins_page_is_logged(client, coordinator, mentor, mentee):
    match = MatchFactory(mentor=mentor, mentee=mentee)
    answered = CheckInFactory(match=match, role="mentee", status="answered", update="All fine.")
    client.force_login(coordinator)
    client.get(reverse("checkins:coordinator") + f"?month={answered.month:%Y-%m}")
    assert list(ReadLog.objects.values_list("kind", "object_id", "person_id")) == [
        (Kind.CHECKIN, answered.pk, mentee.pk)
    ]


def test_the_app_cannot_change_or_delete_a_row(coordinator):
    row = ReadLog.objects.create(reader_id=coordinator.pk, reader="x", kind=Kind.CONCERN, object_id=1)
    row.object_id = 2
    with pytest.raises(AppendOnly):
        row.save()
    with pytest.raises(AppendOnly):
        row.delete()
    with pytest.raises(AppendOnly):
        ReadLog.objects.update(object_id=3)
    with pytest.raises(AppendOnly):
        ReadLog.objects.all().delete()
    assert ReadLog.objects.get().object_id == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_on_postgresql_the_database_refuses_update_and_delete(coordinator):
    row = ReadLog.objects.create(reader_id=coordinator.pk, reader="x", kind=Kind.CONCERN, object_id=1)
    for sql in ("UPDATE audit_readlog SET object_id = 2", "DELETE FROM audit_readlog"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert ReadLog.objects.get(pk=row.pk).object_id == 1


def test_the_admin_offers_no_change_or_delete(client, coordinator):
    from profiles.models import User
    from profiles.services import totp_enroll

    operator = User.objects.create_superuser(email="root@example.org", password="x", name="Root")
    totp_enroll(user=operator)
    client.force_login(operator)
    admin_client = client
    row = ReadLog.objects.create(reader_id=coordinator.pk, reader="Casey", kind=Kind.CONCERN, object_id=1)
    listing = admin_client.get(reverse("admin:audit_readlog_changelist"))
    assert "Casey" in listing.content.decode()
    assert admin_client.post(reverse("admin:audit_readlog_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    assert ReadLog.objects.filter(pk=row.pk).exists()
