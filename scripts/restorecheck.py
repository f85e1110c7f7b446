"""The Python half of scripts/restore-check.sh: build a program, note what a restore must keep, and check it.

    restorecheck.py build STATE MAILDIR   a program in the (empty, migrated) database of DATABASE_URL: the demo,
                                          every open partnership's agreements signed (their PDFs stored), e-mails
                                          in every state of the outbox; then STATE (JSON) notes what was made:
                                          each stored PDF's SHA-256, each e-mail's state, the check-in links the
                                          e-mails in MAILDIR carried
    restorecheck.py documents STATE       the restored database holds every PDF with the same SHA-256
    restorecheck.py links STATE URL HOST  each recorded check-in link opens its check-in's form, from the server
    restorecheck.py emails STATE SINK     asks the workers to send what is due, as the sweep does every minute,
                                          until the mail server (SINK: what it received) has every e-mail
                                          pending at the dump, then compares with STATE
    restorecheck.py sink PORT FILE        a mail server on loopback that notes each message it accepts in FILE

Each check prints one line and exits 1 on a mismatch.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def django_setup():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring.settings")
    import django

    django.setup()


def fail(message: str) -> None:
    print(f"MISMATCH: {message}")
    sys.exit(1)


def build(state_path: str, maildir: str) -> None:
    """Run with DEBUG on and no Redis (tasks in-process, e-mails written to MAILDIR), like `make run`."""
    django_setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from agreements.models import Agreement
    from agreements.services import agreement_sign, agreements_ensure
    from matches.models import Match, MatchStatus
    from mentoring.celery import app
    from outbox.emails import Email
    from outbox.models import Message, MessageStatus
    from outbox.services import email_queue

    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    for match in Match.objects.filter(status=MatchStatus.ACTIVE).select_related("mentor", "mentee"):
        for agreement in agreements_ensure(match):
            for signer in (match.mentor, match.mentee):
                agreement_sign(
                    match=match,
                    kind=agreement.kind,
                    signer=signer,
                    typed_name=signer.name,
                    confirmed=True,
                    without_goals=True,
                )
    signed = Agreement.objects.exclude(pdf="")
    if not signed.exists():
        fail("no signed agreement has a PDF")
    documents = {}
    for agreement in signed:
        with agreement.pdf.open("rb") as handle:
            documents[agreement.pdf.name] = hashlib.sha256(handle.read()).hexdigest()

    # E-mails in every state of the outbox, as a dump taken at a busy moment finds them. Their "send now"
    # task goes to an in-memory broker nobody reads (a lost task): they stay in the outbox.
    app.conf["CELERY_TASK_ALWAYS_EAGER"] = False
    now = timezone.now()
    rows = {}
    for kind in ("due", "delayed", "delayed-past-the-check", "claimed", "claimed-long-ago", "failed"):
        context = {
            "program": {"program_name": "the restore check"},
            "invitation": {"name": kind},
            "link": "/accounts/signup/",
            "role_label": "mentee",
        }
        row = email_queue(Email(name="profiles/invitation", to=[f"{kind}@example.org"], context=context))
        assert row is not None
        rows[kind] = row.pk
    greylisted = "451 4.7.1 Greylisted, try again later"
    claim = timedelta(seconds=settings.OUTBOX_CLAIM_TIMEOUT)
    Message.objects.filter(pk=rows["delayed"]).update(attempts=3, error=greylisted, due_at=now)
    Message.objects.filter(pk=rows["delayed-past-the-check"]).update(
        attempts=6, error=greylisted, due_at=now + timedelta(hours=1)
    )
    # A worker was sending these when the machines were lost: one claim ends seconds after the dump (its
    # e-mail waits for OUTBOX_CLAIM_TIMEOUT), one had ended already.
    for kind, claimed_at in (("claimed", now - claim + timedelta(seconds=15)), ("claimed-long-ago", now - 2 * claim)):
        Message.objects.filter(pk=rows[kind]).update(
            status=MessageStatus.SENDING,
            attempts=1,
            claim=uuid.uuid4(),
            claimed_at=claimed_at,
            due_at=claimed_at + claim,
        )
    Message.objects.filter(pk=rows["failed"]).update(
        status=MessageStatus.FAILED, attempts=1, error="550 5.1.1 User unknown"
    )

    links = set()
    for text in mailed_texts(Path(maildir)):
        links |= set(re.findall(r"https?://[^\s\"'<>]+/checkins/\d+/[^\s\"'<>/]+/", text))
    if not links:
        fail(f"no check-in link in the e-mails written to {maildir}")

    emails = {
        str(uid): {"status": status, "to": to, "subject": subject, "due_at": due_at.isoformat()}
        for uid, status, to, subject, due_at in Message.objects.values_list("uid", "status", "to", "subject", "due_at")
    }
    Path(state_path).write_text(json.dumps({"documents": documents, "emails": emails, "links": sorted(links)}))
    counts: dict[str, int] = {}
    for email in emails.values():
        counts[email["status"]] = counts.get(email["status"], 0) + 1
    print(
        f"built: {len(documents)} signed PDFs, {len(links)} check-in links in e-mails, "
        f"outbox {', '.join(f'{n} {status}' for status, n in sorted(counts.items()))}"
    )


def mailed_texts(maildir: Path):
    """The plain text of every e-mail Django's file backend wrote (several to a file, 79 dashes apart)."""
    from email import message_from_bytes
    from email.policy import default

    for path in maildir.glob("*"):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                body = message_from_bytes(raw.strip(), policy=default).get_body(preferencelist=("plain",))
                if body is not None:
                    yield body.get_content()


def documents(state_path: str) -> None:
    django_setup()
    from documents.storage import documents_storage

    recorded = json.loads(Path(state_path).read_text())["documents"]
    store = documents_storage()
    for name, digest in recorded.items():
        if not store.exists(name):
            fail(f"{name} is not in the restored database")
        with store.open(name) as handle:
            found = hashlib.sha256(handle.read()).hexdigest()
        if found != digest:
            fail(f"{name}: SHA-256 {found}, {digest} before the dump")
    print(f"documents: {len(recorded)} signed PDFs restored, each with the same SHA-256")


def links(state_path: str, base_url: str, host: str) -> None:
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    recorded = json.loads(Path(state_path).read_text())["links"]
    for link in recorded:
        request = urllib.request.Request(
            base_url + urlsplit(link).path, headers={"Host": host, "X-Forwarded-Proto": "https"}
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, page = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            fail(f"{urlsplit(link).path} answered {error.code}")
        if status != 200 or 'method="post"' not in page or 'name="update"' not in page:
            fail(f"{urlsplit(link).path} answered {status} without the check-in's form")
    print(f"links: {len(recorded)} check-in links made before the dump open their check-in's form")


def received_ids(sink_path: str) -> list[str]:
    """The uid in each Message-ID the mail server received (``<uid@host>``), in order."""
    path = Path(sink_path)
    lines = path.read_text().splitlines() if path.exists() else []
    return [re.sub(r"^<([^@>]+)@.*$", r"\1", json.loads(line)["message_id"]) for line in lines if line.strip()]


def emails(state_path: str, sink_path: str, seconds: str = "90") -> None:
    django_setup()
    from outbox.models import Message, MessageStatus
    from outbox.tasks import outbox_flush_task

    recorded = json.loads(Path(state_path).read_text())["emails"]
    before = {uid for uid, email in recorded.items() if email["status"] == MessageStatus.SENT}
    failed = {uid for uid, email in recorded.items() if email["status"] == MessageStatus.FAILED}
    later = {uid for uid, email in recorded.items() if email["to"] == ["delayed-past-the-check@example.org"]}
    due = {uid for uid, email in recorded.items() if email["status"] in ("queued", "sending")} - later

    started = time.monotonic()
    deadline = started + float(seconds)
    while not due <= set(received_ids(sink_path)) and time.monotonic() < deadline:
        outbox_flush_task.delay()  # what beat's sweep sends every minute
        time.sleep(2)
    waited = time.monotonic() - started
    time.sleep(3)  # anything sent twice would arrive now
    ids = received_ids(sink_path)

    again = sorted(set(ids) & before)
    if again:
        fail(f"{len(again)} e-mails sent before the dump were sent again")
    if set(ids) & (failed | later):
        fail("a failed e-mail, or one delayed past the check, was sent")
    twice = sorted({uid for uid in ids if ids.count(uid) > 1})
    if twice:
        fail(f"{len(twice)} e-mails were sent more than once")
    missing = sorted(due - set(ids))
    if missing:
        fail(f"{len(missing)} of {len(due)} e-mails pending at the dump were not sent: {missing[:5]}")
    unknown = sorted(set(ids) - set(recorded))
    if unknown:
        fail(f"{len(unknown)} e-mails that were not in the dump were sent")
    statuses = dict(Message.objects.filter(uid__in=list(due | later | failed)).values_list("uid", "status"))
    if any(statuses[uuid.UUID(uid)] != MessageStatus.SENT for uid in due):
        fail("an e-mail the mail server accepted is not marked sent")
    if statuses[uuid.UUID(next(iter(later)))] != MessageStatus.QUEUED or any(
        statuses[uuid.UUID(uid)] != MessageStatus.FAILED for uid in failed
    ):
        fail("the delayed e-mail or the failed ones changed state")
    print(
        f"emails: {len(due)} pending at the dump (2 claimed by a worker lost with the old machines) sent once each "
        f"in {waited:.0f} s; "
        f"none of the {len(before)} sent before it again; {len(failed)} failed and {len(later)} delayed past "
        "the check left as they were"
    )


def sink(port: str, path: str) -> None:
    """A mail server that accepts everything and writes one JSON line per message: Message-ID, To, Subject."""
    from email import message_from_bytes
    from email.policy import default

    from aiosmtpd.controller import Controller

    class Notes:
        async def handle_DATA(self, server, session, envelope):
            message = message_from_bytes(envelope.content, policy=default)
            with open(path, "a") as notes:
                notes.write(
                    json.dumps(
                        {"message_id": message["Message-ID"], "to": message["To"], "subject": message["Subject"]}
                    )
                    + "\n"
                )
            return "250 OK"

    controller = Controller(Notes(), hostname="127.0.0.1", port=int(port))
    controller.start()
    try:
        while True:
            time.sleep(3600)
    finally:
        controller.stop()


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    commands: dict[str, Callable[..., None]] = {
        "build": build,
        "documents": documents,
        "links": links,
        "emails": emails,
        "sink": sink,
    }
    commands[command](*arguments)
