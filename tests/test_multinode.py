"""Several machines sharing only PostgreSQL and Redis: two web nodes (gunicorn) and a Celery worker,
each in a working directory of its own with a MEDIA_ROOT of its own.

A pair signs through node A; the worker renders and e-mails the PDF; node B serves the same bytes.
A session begun on A is valid on B, and a login rate limit counted on A holds on B.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
from django.db import connection

from agreements.models import Agreement, Kind
from health.tasks import heartbeat_task
from matches.tests.factories import MatchFactory
from profiles.tests.factories import PASSWORD, ProfileFactory
from tests.harness import BASE_DIR, celery_worker, database_url_of, free_port, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: the nodes share Redis (cache, broker)"
    ),
]

SECRET_KEY = "multi-node-test-" + "k" * 40  # every node signs sessions and links with the same key


@contextmanager
def web_node(name: str, *, database_url: str, redis_url: str, queue: str):
    """One gunicorn node in a temporary working directory with its own MEDIA_ROOT."""
    workdir = Path(tempfile.mkdtemp(prefix=f"node-{name}-"))
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(BASE_DIR),
        "DEBUG": "true",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(workdir / "media"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "LOG_LEVEL": "WARNING",
        "PRIVACY_ASK_CONSENT": "false",  # the notice's consent page is privacy's tests' (here: the same bytes)
    }
    log = (workdir / "node.log").open("wb")  # a file, not a pipe: a chatty node never blocks on a full pipe
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "mentoring.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    pytest.fail(f"node {name} did not start:\n{(workdir / 'node.log').read_text()[-4000:]}")
                time.sleep(0.2)
        yield base, workdir, process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=20)
        log.close()
        subprocess.run(["rm", "-rf", str(workdir)], check=False)


class Browser:
    """Cookies and CSRF like a browser, over plain HTTP, to any node. Every request names the site as
    ``localhost``, as a proxy in front of the nodes passes the public host name to each of them."""

    HOST = "localhost"

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(urllib.request.Request(url, headers={"Host": self.HOST}), timeout=30) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, url: str, data: dict) -> tuple[int, str]:
        self.get(url if "/accounts/" in url else url.rsplit("/", 2)[0] + "/")  # a page that sets the CSRF cookie
        token = next(cookie.value for cookie in self.jar if cookie.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url, "Host": self.HOST})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def log_in(self, base: str, email: str, password: str) -> str:
        return self.post(f"{base}/accounts/login/", {"login": email, "password": password})[1]

    def copy_session_to(self, other: Browser) -> None:
        for cookie in self.jar:
            other.jar.set_cookie(cookie)


@pytest.fixture
def shared():
    database_url = database_url_of(connection.settings_dict)
    if database_url is None:
        pytest.skip("needs PostgreSQL (DATABASE_URL): the nodes are separate processes sharing one database")
    return database_url, os.environ["REDIS_URL"]


def test_two_web_nodes_and_a_worker_share_documents_sessions_and_rate_limits(settings, smtp, shared):
    started = time.monotonic()
    database_url, redis_url = shared
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # what the nodes verify
    mentor = ProfileFactory(mentor=True, user__name="Zoë Fairbairn", user__email="zoe@example.org").user
    mentee = ProfileFactory(user__name="Nguyễn Văn An", user__email="an@example.org").user
    match = MatchFactory(mentor=mentor, mentee=mentee)
    for person in (mentor, mentee):
        person.set_password(PASSWORD)
        person.save()
    queue = f"multinode-{uuid.uuid4().hex[:8]}"

    with ExitStack() as stack:
        worker = stack.enter_context(
            celery_worker(
                smtp_port=smtp.port,
                database_url=database_url,
                redis_url=redis_url,
                queue=queue,
                env={"MEDIA_ROOT": tempfile.mkdtemp(prefix="worker-media-")},
            )
        )
        a, a_dir, _ = stack.enter_context(web_node("a", database_url=database_url, redis_url=redis_url, queue=queue))
        b, b_dir, _ = stack.enter_context(web_node("b", database_url=database_url, redis_url=redis_url, queue=queue))

        # A pair signs through node A.
        sign_url = f"{a}/matches/{match.pk}/agreements/{Kind.CONFIDENTIALITY}/sign/"
        browsers = {}
        for person in (mentee, mentor):
            browser = browsers[person.email] = Browser()
            browser.log_in(a, person.email, PASSWORD)
            status, page = browser.post(sign_url, {"typed_name": person.name, "confirmed": "on"})
            assert status == 200, page[-2000:]
        assert "Signed by you both" in page

        # The worker renders the PDF and e-mails it to both (beside the notice that it was the mentor's turn):
        # wait for the three, then take the mentee's copy of the PDF.
        if not smtp.inbox.wait_for(3, timeout=60, process=worker):
            pytest.fail(f"{len(smtp.inbox.messages)} of 3 e-mails arrived; the worker said:\n{output_of(worker)}")
        with_pdf = [m for m in smtp.inbox.to("an@example.org") if any(True for _ in m.iter_attachments())]
        assert len(with_pdf) == 1, [m["Subject"] for m in smtp.inbox.messages]
        attachment = next(part for part in with_pdf[0].iter_attachments())
        mailed = attachment.get_content()
        assert mailed.startswith(b"%PDF")

        # Node B (never saw the file, its MEDIA_ROOT is empty) serves the same bytes to the session begun on A.
        on_b = Browser()
        browsers["an@example.org"].copy_session_to(on_b)
        status, downloaded = on_b.get(f"{b}/matches/{match.pk}/agreements/{Kind.CONFIDENTIALITY}/pdf/")
        assert status == 200
        assert hashlib.sha256(downloaded).hexdigest() == hashlib.sha256(mailed).hexdigest()
        status, home = on_b.get(f"{b}/")
        assert status == 200
        assert "Nguyễn Văn An" in home.decode()
        for workdir in (a_dir, b_dir):
            assert not list(workdir.rglob("*.pdf")), f"nothing written to {workdir}'s disk"
        assert Agreement.objects.get(match=match, kind=Kind.CONFIDENTIALITY).pdf

        # Five failed logins counted on A refuse the sixth on B, even with the right password.
        for _ in range(5):
            assert "The email address and/or password you specified are not correct." in Browser().log_in(
                a, "zoe@example.org", "wrong password"
            )
        refused = Browser().log_in(b, "zoe@example.org", PASSWORD)
        assert "Too many failed login attempts. Try again later." in refused

        # The worker runs the beat's heartbeat job; node B's /health/ sees every part healthy.
        heartbeat_task.delay()
        deadline = time.monotonic() + 20
        while (health := Browser().get(f"{b}/health/"))[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)
        assert health[0] == 200, health[1].decode()

    assert time.monotonic() - started < 90
