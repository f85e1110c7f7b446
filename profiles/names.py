"""A token that changes whenever a person's full name does, so the floors above that keep a copy of
names as a sort key (``checkins``: the mentee's name on each check-in) know when to read them again.

Kept in the cache (as ``matches.pool``'s token): when the cache forgets it or does not answer, the
copies are read again, never trusted stale.
"""

from __future__ import annotations

from core import tokens

TOKEN_KEY = "profiles.names"
UNKNOWN = ""  # no token known: whoever keeps a copy reads the names again


def names_token() -> str:
    """The current token, made if the cache has none; ``UNKNOWN`` when the cache does not answer."""
    return tokens.token(TOKEN_KEY) or UNKNOWN


def names_changed() -> None:
    """A full name changed: copies of it are stale (now, and again once this transaction commits)."""
    tokens.replace(TOKEN_KEY)
