"""V1: a person downloads their data: a ZIP built by a task, e-mailed as a signed link that works for them alone."""

import io
import json
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import Kind, ReadLog
from outbox.models import Message
from privacy.models import DataExport

pytestmark = pytest.mark.django_db


def download(client, person, django_capture_on_commit_callbacks):
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("privacy:export"), follow=True)
    assert "We are preparing your data" in page.content.decode()
    message = Message.objects.get(to=[person.email], subject="Your data is ready to download")
    link = re.search(r"https?://[^/\s]+(/privacy/download/\S+)", message.text).group(1)
    return link, client.get(link)


def unzip(response) -> dict[str, bytes]:
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def everything(files) -> str:
    return "\n".join(content.decode("utf-8", "replace") for content in files.values())


def test_the_mentees_zip_holds_all_she_gave_and_wrote_and_nothing_of_anyone_elses_private_text(
    client, history, django_capture_on_commit_callbacks
):
    _, response = download(client, history.mentee, django_capture_on_commit_callbacks)
    files = unzip(response)
    text = everything(files)

    assert {"README.txt", "data.json", "csv/checkins.csv", "csv/notebook.csv", "csv/application.csv"} <= set(files)
    assert any(name.startswith("agreements/") and name.endswith(".pdf") for name in files)
    assert "plans/action-plan.pdf" in files
    assert files["plans/action-plan.pdf"].startswith(b"%PDF")
    for mine in [
        "MIRA-BIO",
        "MIRA-GOALS",
        "MIRA-CHECKIN",
        "MIRA-NOTEBOOK",
        "MIRA-PLAN-SKILL",
        "MIRA-COMMENT",
        "MIRA-CONCERN",
        "MIRA-SURVEY",
        "MIRA-THANKS",
        "MIRA-NOMINATION",
        "MIRA-SIGNED-AGREEMENT",
    ]:
        assert mine in text, mine
    for theirs in ["COORD-PRIVATE", "MORGAN-NOTEBOOK", "MORGAN-CHECKIN", "MORGAN-COMMENT", "FIONA-", "OLGA-"]:
        assert theirs not in text, theirs
    readme = files["README.txt"].decode()
    assert "What others wrote about you privately is left out" in readme
    data = json.loads(files["data.json"])
    assert data["matches"][0]["mentor"] in ("Fiona Former", "Morgan Mentor")
    assert "MIRA-CHECKIN" in files["csv/checkins.csv"].decode()


def test_the_mentors_zip_holds_his_texts_and_not_the_mentees(client, history, django_capture_on_commit_callbacks):
    _, response = download(client, history.mentor, django_capture_on_commit_callbacks)
    text = everything(unzip(response))
    for mine in ["MORGAN-NOTEBOOK", "MORGAN-CHECKIN", "MORGAN-COMMENT"]:
        assert mine in text, mine
    for theirs in [
        "MIRA-NOTEBOOK",
        "MIRA-CHECKIN",
        "MIRA-COMMENT",
        "MIRA-CONCERN",
        "MIRA-PLAN-SKILL",
        "COORD-PRIVATE",
        "OLGA-",
    ]:
        assert theirs not in text, theirs


def test_a_mentors_zip_holds_his_statement_of_hours_and_a_mentees_none(
    client, history, django_capture_on_commit_callbacks
):
    _, response = download(client, history.mentor, django_capture_on_commit_callbacks)
    statements = {name: data for name, data in unzip(response).items() if name.startswith("hours/statement-")}
    _, mentees = download(client, history.mentee, django_capture_on_commit_callbacks)

    [(name, pdf)] = statements.items()
    assert name.endswith(".pdf")
    assert pdf.startswith(b"%PDF")
    assert not [name for name in unzip(mentees) if name.startswith("hours/")]


def test_asking_twice_builds_one_zip(client, history, django_capture_on_commit_callbacks):
    client.force_login(history.mentee)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("privacy:export"))
        second = client.post(reverse("privacy:export"), follow=True)
    assert "already being prepared" in second.content.decode()
    assert DataExport.objects.count() == 1


def test_someone_elses_link_is_a_404_and_a_tampered_one_does_not_work(
    client, history, django_capture_on_commit_callbacks
):
    link, _ = download(client, history.mentee, django_capture_on_commit_callbacks)
    client.force_login(history.mentor)
    assert client.get(link).status_code == 404
    client.force_login(history.mentee)
    tampered = client.get(link[:-3] + "abc/")
    assert tampered.status_code == 400
    assert "This link does not work" in tampered.content.decode()
    other = DataExport.objects.create(user=history.mentor, status="ready")
    elsewhere = re.sub(r"/download/\d+/", f"/download/{other.pk}/", link)
    assert "This link is for another download" in client.get(elsewhere).content.decode()


def test_the_link_expires_after_a_week(client, history, django_capture_on_commit_callbacks):
    link, first = download(client, history.mentee, django_capture_on_commit_callbacks)
    assert first.status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        client.force_login(history.mentee)
        late = client.get(link)
    assert late.status_code == 400
    assert "This link has expired" in late.content.decode()


def test_a_visitor_is_asked_to_log_in(client, history, django_capture_on_commit_callbacks):
    link, _ = download(client, history.mentee, django_capture_on_commit_callbacks)
    client.logout()
    assert client.get(link)["Location"].startswith(reverse("account_login"))


def test_the_coordinators_download_of_someones_data_is_logged(client, history, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("privacy:person_data", args=[history.mentee.pk]))
    assert "MIRA-NOTEBOOK" in everything(unzip(response))
    assert list(ReadLog.objects.values_list("kind", "person_id")) == [(Kind.EXPORT, history.mentee.pk)]


def test_the_email_is_sent_through_the_outbox(client, history, django_capture_on_commit_callbacks, settings):
    download(client, history.mentee, django_capture_on_commit_callbacks)
    from outbox.sending import outbox_flush

    outbox_flush()
    assert any(m.subject == "Your data is ready to download" for m in mail.outbox)
