"""Password-free links to report a concern, as sent in every check-in e-mail: for one person (and the
partnership the e-mail was about), made and read by ``core.signing``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from core.links import reverse_fast
from core.signing import LinkPurpose

# Two months: a check-in e-mail stays in the inbox a while.
REPORT = LinkPurpose("support.concern", fields={"person": int, "match": int | None}, max_age=timedelta(days=60))


def make_token(*, person_id: int, match_id: int | None) -> str:
    return REPORT.make(person=person_id, match=match_id)


def report_url(*, person_id: int, match_id: int | None) -> str:
    return reverse_fast("support:report_by_link", make_token(person_id=person_id, match_id=match_id))


@dataclass(frozen=True)
class Reporter:
    person_id: int
    match_id: int | None


def reporter_of(token: str) -> Reporter:
    """Who the link is for; ``core.signing.BadLink`` when it opens nothing."""
    payload = REPORT.read(token)
    return Reporter(person_id=payload["person"], match_id=payload["match"])
