"""E-mail goes through a real Celery worker process on Redis to a real SMTP server."""

import os

import pytest

from mentoring.emails import send_email
from mentoring.testing import celery_worker, output_of

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: starts a real Celery worker on Redis"),
]


def test_a_worker_process_delivers_the_email(smtp, django_capture_on_commit_callbacks):
    with celery_worker(smtp_port=smtp.port) as worker:
        with django_capture_on_commit_callbacks(execute=True):
            send_email(
                name="profiles/invitation",
                to=["amira@example.org"],
                context={"invitation": {"name": "Amira Haddad"}, "link": "/invitation/abc/", "role_label": "mentee"},
            )
        if not smtp.inbox.wait_for(1, timeout=60, process=worker):
            pytest.fail(f"no e-mail arrived; the worker said:\n{output_of(worker)}")

    message = smtp.inbox.messages[0]
    assert message["To"] == "amira@example.org"
    assert "invited" in message["Subject"]
    assert "Hello Amira Haddad" in message.get_body(("plain",)).get_content()
    assert "Accept the invitation" in message.get_body(("html",)).get_content()
