"""Password-free links to report a concern, as sent in every check-in e-mail: signed, for one person, expiring."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

SALT = "support.concern"
MAX_AGE = 60 * 60 * 24 * 60  # two months: a check-in e-mail stays in the inbox a while


def make_token(*, person_id: int, match_id: int | None) -> str:
    return signing.dumps({"person": person_id, "match": match_id}, salt=SALT, compress=True)


def report_url(*, person_id: int, match_id: int | None) -> str:
    return reverse("support:report_by_link", args=[make_token(person_id=person_id, match_id=match_id)])


@dataclass(frozen=True)
class Reporter:
    person_id: int
    match_id: int | None


def read_token(token: str) -> Reporter | str:
    """Who the link is for, or why it does not work ("expired" or "invalid")."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    if not isinstance(data, dict) or not isinstance(data.get("person"), int):
        return "invalid"
    match = data.get("match")
    return Reporter(person_id=data["person"], match_id=match if isinstance(match, int) else None)
