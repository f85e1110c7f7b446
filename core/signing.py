"""Signed links in e-mails: one way to make and read the token a password-free link carries.

A link is made for one purpose (answer this check-in, report a concern, accept an invitation...): the
purpose has its own salt, so a token made for one purpose is refused by every other, and a max_age
after which the link has expired. The token holds a small dict of ids (``fields`` says which, and of
what type); when the link's URL also names the object (``/checkins/<pk>/<token>/``), ``object_field``
is the key that must equal it, so a link pasted onto another object's address opens nothing.

    ANSWER = LinkPurpose("checkins.answer", fields={"checkin": int, "person": int}, object_field="checkin")
    token = ANSWER.make(checkin=checkin.pk, person=checkin.person_id)
    payload = ANSWER.read(token, object_id=pk, max_age=timedelta(days=21))  # or BadLink

Reading answers the payload or raises ``BadLink``, whose ``reason`` the page behind the link shows:
"expired", "invalid" (tampered with, cut short by an e-mail program, made for another purpose) or
"elsewhere" (genuine, but for another object than the URL names). Tokens are
``django.core.signing`` ones (``compress=True``), so links sent before this module keep working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import UnionType
from typing import Any, Literal

from django.core import signing

Reason = Literal["expired", "invalid", "elsewhere"]


class BadLink(Exception):
    """A link that opens nothing, and why: "expired", "invalid" or "elsewhere"."""

    def __init__(self, reason: Reason):
        super().__init__(reason)
        self.reason: Reason = reason


@dataclass(frozen=True)
class LinkPurpose:
    """What one kind of link is for: its salt, what its token holds, and how long it works.

    ``max_age`` is fixed here, or None when it depends on the program's settings: then every
    ``read`` gives it."""

    salt: str
    fields: Mapping[str, type | UnionType]
    object_field: str | None = None
    max_age: timedelta | None = None

    def make(self, **payload: Any) -> str:
        """The token for ``payload``, which holds exactly the purpose's fields, of their types."""
        if set(payload) != set(self.fields) or not self._typed(payload):
            raise TypeError(f"a {self.salt} link holds {dict(self.fields)}, not {payload}")
        return signing.dumps(payload, salt=self.salt, compress=True)

    def read(self, token: str, *, object_id: int | None = None, max_age: timedelta | None = None) -> dict[str, Any]:
        """The payload ``token`` holds, checked: or ``BadLink`` with the reason it opens nothing.

        ``object_id`` is the object the URL names, for a purpose with an ``object_field``."""
        max_age = max_age if max_age is not None else self.max_age
        if max_age is None:
            raise TypeError(f"a {self.salt} link's max_age is given when it is read")
        if (self.object_field is None) != (object_id is None):
            raise TypeError(f"a {self.salt} link is read with the object id its URL names, and only then")
        try:
            payload = signing.loads(token, salt=self.salt, max_age=max_age)
        except signing.SignatureExpired:
            raise BadLink("expired") from None
        except signing.BadSignature:  # tampered with, cut short, or another purpose's
            raise BadLink("invalid") from None
        # Only this program signs with the secret key, so a payload not as made is a bug or a leaked key.
        if not isinstance(payload, dict) or not payload.keys() >= self.fields.keys() or not self._typed(payload):
            raise BadLink("invalid")
        if self.object_field is not None and payload[self.object_field] != object_id:
            raise BadLink("elsewhere")
        return payload

    def _typed(self, payload: Mapping[str, Any]) -> bool:
        return all(isinstance(payload[name], kind) for name, kind in self.fields.items())
