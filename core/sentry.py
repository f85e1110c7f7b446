"""Errors reach someone: Sentry for the web and the workers, switched on by ``SENTRY_DSN``.

What participants write in confidence never leaves the server: :func:`scrub` runs on every event
before it is sent and blanks notebook notes, check-in answers, concern text and other free text
by field name, drops request bodies and cookies, and keeps no local variables from stack frames.
"""

from __future__ import annotations

import re
from typing import Any

SCRUBBED = "[scrubbed]"
# django.core.signing's tokens are base64 parts joined by ":"; no other path segment of the site holds one.
SIGNED_SEGMENT = re.compile(r"/[A-Za-z0-9_\-]+:[A-Za-z0-9_:\-]+")

# Fields where participants write freely: notebook notes, check-in answers and concerns, concern
# notes, plan comments, survey answers, thanks and nominations; and the secrets of any form.
PRIVATE_KEYS = frozenset(
    {
        "notes",
        "topics",
        "update",
        "concern",
        "text",
        "note",
        "body",
        "reasons",
        "comment",
        "comments",
        "helped_most",
        "program_change",
        "message",
        "reason",
        "goals",
        "expectations",
        "mentee_responsibilities",
        "mentor_responsibilities",
        "content",
        "answers",
        # privacy (V1-V5): the application's texts, a signed agreement's typed name, a person's download
        "bio",
        "coordinator_notes",
        "typed_name",
        "archive",
        "password",
        "password1",
        "password2",
        "oldpassword",
        "code",
        "token",
        "csrfmiddlewaretoken",
        "sessionid",
        "csrftoken",
        "authorization",
        "cookie",
        "secret_key",
        "dsn",
    }
)


def _scrub_value(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: SCRUBBED if str(key).lower() in PRIVATE_KEYS else _scrub_value(item) for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub_value(item) for item in value]
    return value


def scrub(event: dict, hint: dict | None = None) -> dict:
    """Sentry's ``before_send`` (and ``before_send_transaction``): the event without private text."""
    request = event.get("request")
    if isinstance(request, dict):
        for part in ("data", "cookies"):
            if part in request:
                request[part] = SCRUBBED
        if request.get("query_string"):
            request["query_string"] = SCRUBBED  # a check-in link carries its signed token there
        if isinstance(request.get("url"), str):
            # A signed token in the path (a download link, a check-in link) opens someone's data: never sent.
            request["url"] = SIGNED_SEGMENT.sub(f"/{SCRUBBED}", request["url"])
        headers = request.get("headers")
        if isinstance(headers, dict):
            for name in list(headers):
                if name.lower() in ("cookie", "authorization", "x-csrftoken"):
                    headers[name] = SCRUBBED
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values") or []:
        for frame in (thread.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in crumbs or []:
        if crumb.get("category") == "query":
            crumb.pop("data", None)  # a query's parameters may be what someone wrote
    for part in ("extra", "contexts", "tags", "user"):
        if part in event:
            event[part] = _scrub_value(event[part])
    if event.get("user"):
        event["user"] = {key: value for key, value in event["user"].items() if key == "id"}
    return event


def sentry_init(*, dsn: str, environment: str, release: str | None, traces_sample_rate: float, **options) -> None:
    """Start Sentry for this process (web or worker) with the scrubber; called from settings."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        **{
            "dsn": dsn,
            "environment": environment,
            "release": release or None,
            "integrations": [DjangoIntegration(), CeleryIntegration()],
            "include_local_variables": False,
            "max_request_body_size": "never",
            "traces_sample_rate": traces_sample_rate,
            "before_send": scrub,
            "before_send_transaction": scrub,
            **options,
        }
    )
