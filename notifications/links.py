"""The one-click unsubscribe link of every optional e-mail (RFC 8058): made and read by ``core.signing``.

The token holds the person and the kind it turns off ("" for the daily digest: every kind they get in it).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from django.conf import settings
from django.urls import reverse

from core.signing import LinkPurpose
from outbox.emails import Email

from .kinds import Kind

UNSUBSCRIBE = LinkPurpose("notifications.unsubscribe", fields={"user": int, "kind": str}, max_age=timedelta(days=180))
DIGEST = ""  # the kind an unsubscribe link from the digest names


def unsubscribe_url(*, user_id: int, kind: str) -> str:
    """The absolute address, as the e-mail's header and footer give it."""
    token = UNSUBSCRIBE.make(user=user_id, kind=kind)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def read(token: str) -> tuple[int, str]:
    """(person, kind) of a link; ``core.signing.BadLink`` when it opens nothing."""
    payload = UNSUBSCRIBE.read(token)
    return payload["user"], payload["kind"]


def preferences_url() -> str:
    return settings.SITE_URL + reverse("account") + "#notifications"


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058: a mail program may offer "unsubscribe", which POSTs to ``url`` without anyone logging in."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def optional(email: Email, *, user_id: int, kind: Kind) -> Email:
    """``email`` as an optional e-mail: why the person gets it and where to change that in its footer
    (``notice`` in the context, read by ``emails/base-body``), and the one-click unsubscribe headers."""
    url = unsubscribe_url(user_id=user_id, kind=kind.name)
    notice = {"reason": kind.label, "preferences_url": preferences_url(), "unsubscribe_url": url}
    return dataclasses.replace(
        email,
        context={**email.context, "notice": notice},
        headers={**email.headers, **unsubscribe_headers(url)},
    )
