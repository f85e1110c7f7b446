"""Password-free links to one closing survey: signed, scoped to that survey and person, and expiring."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "endings.survey"
MAX_AGE = timedelta(days=45)


def make_token(survey) -> str:
    return signing.dumps({"survey": survey.pk, "person": survey.person_id}, salt=SALT, compress=True)


def survey_url(survey) -> str:
    return reverse("endings:survey_by_link", args=[survey.pk, make_token(survey)])


def read_token(token: str, pk: int) -> int | str:
    """The person id a link for survey ``pk`` was made for, or what is wrong: "expired", "invalid" or "elsewhere"."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "invalid"
    if not isinstance(data, dict) or data.get("survey") != pk or not isinstance(data.get("person"), int):
        return "elsewhere"
    return data["person"]
