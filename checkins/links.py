"""Password-free links to one check-in: signed, scoped to that check-in and person, and expiring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse

from profiles.models import ProgramSettings

SALT = "checkins.answer"
# A link keeps working this long after the response window, for late answers.
MARGIN = timedelta(days=14)


def make_token(checkin) -> str:
    return signing.dumps({"checkin": checkin.pk, "person": checkin.person_id}, salt=SALT, compress=True)


def answer_url(checkin) -> str:
    return reverse("checkins:answer_by_link", args=[checkin.pk, make_token(checkin)])


@dataclass(frozen=True)
class LinkProblem:
    kind: str  # "expired", "invalid" or "elsewhere"


def read_token(token: str, pk: int, program: ProgramSettings | None = None) -> int | LinkProblem:
    """The person id a link for check-in ``pk`` was made for, or what is wrong with it."""
    program = program or ProgramSettings.load()
    max_age = timedelta(days=program.response_window_days) + MARGIN
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        return LinkProblem("expired")
    except signing.BadSignature:
        return LinkProblem("invalid")
    if not isinstance(data, dict) or data.get("checkin") != pk or not isinstance(data.get("person"), int):
        return LinkProblem("elsewhere")
    return data["person"]
