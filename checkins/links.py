"""Password-free links to one check-in, for its person: made and read by ``core.signing``."""

from __future__ import annotations

from datetime import timedelta

from core.links import reverse_fast
from core.signing import LinkPurpose
from profiles.models import ProgramSettings

ANSWER = LinkPurpose("checkins.answer", fields={"checkin": int, "person": int}, object_field="checkin")
# A link keeps working this long after the response window, for late answers.
MARGIN = timedelta(days=14)


def make_token(checkin) -> str:
    return ANSWER.make(checkin=checkin.pk, person=checkin.person_id)


def answer_url(checkin) -> str:
    return reverse_fast("checkins:answer_by_link", checkin.pk, make_token(checkin))


def person_of(token: str, pk: int, program: ProgramSettings) -> int:
    """The person a link to check-in ``pk`` was made for; ``core.signing.BadLink`` when it opens nothing.
    It works for the program's response window and a margin: so changing the window changes it too."""
    max_age = timedelta(days=program.response_window_days) + MARGIN
    return ANSWER.read(token, object_id=pk, max_age=max_age)["person"]
