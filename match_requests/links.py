"""Password-free links for a mentor to answer one request: made and read by ``core.signing``."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from core.signing import LinkPurpose
from profiles.models import ProgramSettings

ANSWER = LinkPurpose("match_requests.answer", fields={"choice": int, "mentor": int}, object_field="choice")
# A link keeps opening a little after the deadline, to say what became of the request.
MARGIN = timedelta(days=14)


def make_token(choice) -> str:
    return ANSWER.make(choice=choice.pk, mentor=choice.mentor_id)


def answer_url(choice) -> str:
    return reverse("requests:answer_by_link", args=[choice.pk, make_token(choice)])


def mentor_of(token: str, pk: int, program: ProgramSettings) -> int:
    """The mentor a link to choice ``pk`` was made for; ``core.signing.BadLink`` when it opens nothing."""
    max_age = timedelta(days=program.request_answer_days) + MARGIN
    return ANSWER.read(token, object_id=pk, max_age=max_age)["mentor"]
