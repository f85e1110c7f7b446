"""Password-free links to one closing survey, for its person: made and read by ``core.signing``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from core.signing import LinkPurpose

MAX_AGE = timedelta(days=45)
SURVEY = LinkPurpose("endings.survey", fields={"survey": int, "person": int}, object_field="survey", max_age=MAX_AGE)


def make_token(survey) -> str:
    return SURVEY.make(survey=survey.pk, person=survey.person_id)


def survey_url(survey) -> str:
    return reverse("endings:survey_by_link", args=[survey.pk, make_token(survey)])


def person_of(token: str, pk: int) -> int:
    """The person a link to survey ``pk`` was made for; ``core.signing.BadLink`` when it opens nothing."""
    return SURVEY.read(token, object_id=pk)["person"]
