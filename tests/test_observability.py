"""Errors reach someone: Sentry events without what participants wrote; JSON log lines with the request id."""

import json
import logging
import sys
from datetime import timedelta
from unittest import mock

import pytest
import sentry_sdk
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from sentry_sdk.transport import Transport

from core.logs import JsonLinesFormatter, RequestIdFilter
from core.sentry import SCRUBBED, scrub, sentry_init
from matches.tests.factories import MatchFactory
from profiles.tests.factories import ProfileFactory

NOTES = "She told me about her divorce and the panic attacks"


class Captured(Transport):
    """A Sentry transport that keeps the events it is given instead of sending them."""

    events: list = []

    def capture_envelope(self, envelope):
        Captured.events += [item.payload.json for item in envelope.items if item.type == "event"]


@pytest.fixture
def sentry():
    Captured.events = []
    sentry_init(
        dsn="https://public@sentry.invalid/1",
        environment="test",
        release=None,
        traces_sample_rate=0.0,
        transport=Captured,
        include_local_variables=True,
    )  # even if someone turns frame variables on
    yield Captured.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: off again


@pytest.mark.django_db
def test_an_error_while_logging_a_notebook_entry_reaches_sentry_without_the_notes(sentry):
    mentee = ProfileFactory(user__name="Priya Raman").user
    match = MatchFactory(mentee=mentee, started_at=timezone.now() - timedelta(days=30))
    client = Client(raise_request_exception=False)
    client.force_login(mentee)

    with mock.patch("checkins.services.notebook_add", side_effect=RuntimeError("the disk is full")):
        response = client.post(
            reverse("checkins:notebook", args=[match.pk]) + "?token=abc",
            {
                "date": timezone.localdate().isoformat(),
                "form": "video",
                "minutes": 45,
                "topics": "Her health",
                "notes": NOTES,
            },
        )
    sentry_sdk.flush()

    assert response.status_code == 500
    assert len(sentry) == 1
    event = sentry[0]
    assert event["exception"]["values"][-1]["value"] == "the disk is full"
    assert event["request"]["data"] == SCRUBBED
    dumped = json.dumps(event)
    assert "token=abc" not in dumped
    assert NOTES not in dumped
    assert "Her health" not in dumped
    assert "Priya" not in dumped
    assert all("vars" not in frame for frame in event["exception"]["values"][-1]["stacktrace"]["frames"])


def test_the_scrubber_blanks_answers_concerns_and_secrets_wherever_they_are():
    event = {
        "request": {
            "data": {"update": "We met", "concern": "He shouts"},
            "cookies": {"sessionid": "s"},
            "headers": {"Cookie": "sessionid=s", "User-Agent": "Firefox"},
            "query_string": "t=x",
        },
        "extra": {
            "answer": {"update": "We met twice", "hours_video": "1.5", "concern": "He shouts at me"},
            "form": [{"text": "The concern's text", "category": "conduct"}],
        },
        "contexts": {"celery": {"args": [], "kwargs": {"notes": "Private notes", "match_id": 7}}},
        "user": {"id": 12, "email": "priya@example.org", "ip_address": "10.0.0.1"},
        "breadcrumbs": {"values": [{"category": "query", "message": "UPDATE ...", "data": {"params": ["He shouts"]}}]},
        "exception": {"values": [{"stacktrace": {"frames": [{"function": "f", "vars": {"notes": "x", "n": 1}}]}}]},
    }

    scrubbed = scrub(event)

    dumped = json.dumps(scrubbed)
    for private in ("We met", "He shouts", "The concern's text", "Private notes", "priya@example.org", "sessionid=s"):
        assert private not in dumped, private
    assert scrubbed["extra"]["answer"]["hours_video"] == "1.5"  # figures stay: they help find the bug
    assert scrubbed["extra"]["form"][0]["category"] == "conduct"
    assert scrubbed["contexts"]["celery"]["kwargs"]["match_id"] == 7
    assert scrubbed["user"] == {"id": 12}
    assert scrubbed["request"]["headers"]["User-Agent"] == "Firefox"


@pytest.mark.django_db
def test_each_request_gets_an_id_in_the_response_and_in_its_json_log_lines(client, caplog):
    stream = []

    class Keep(logging.Handler):
        def emit(self, record):
            stream.append(JsonLinesFormatter().format(record))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="proxy-id-1234")
        mine = client.get("/no-such-page/", HTTP_X_REQUEST_ID="bad id\nwith newline")
    finally:
        logging.getLogger("django.request").removeHandler(handler)

    assert response.status_code == 404
    assert response["X-Request-ID"] == "proxy-id-1234"
    assert mine["X-Request-ID"] != "bad id\nwith newline"
    assert len(mine["X-Request-ID"]) == 32
    first, second = (json.loads(line) for line in stream)
    assert first["request_id"] == "proxy-id-1234"
    assert second["request_id"] == mine["X-Request-ID"]
    assert (first["level"], first["logger"], first["status"]) == ("WARNING", "django.request", 404)
    assert first["message"] == "Not Found: /no-such-page/"
    assert first["time"].endswith("+00:00")


def test_a_log_line_carries_the_traceback_and_stays_one_line():
    try:
        raise ValueError("bad\nthing")
    except ValueError:
        record = logging.LogRecord(
            "outbox", logging.ERROR, __file__, 1, "sending %s failed", ("message 4",), sys.exc_info()
        )

    line = JsonLinesFormatter().format(record)

    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "sending message 4 failed"
    assert parsed["request_id"] == ""
    assert "ValueError: bad" in parsed["exception"]


def test_production_without_sentry_logs_json_and_development_stays_readable(monkeypatch):
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.LOG_FORMAT)"
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "mentoring.settings"}
    production = {**base, "SECRET_KEY": "x" * 50, "SITE_URL": "https://m.example.org", "DEBUG": "false"}

    def run(env):
        return subprocess.run(
            [sys.executable, "-c", "import django; django.setup(); " + code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    assert run(production) == "json"
    assert run({**base, "DEBUG": "true"}) == "console"
