"""What a signature checks and what it covers: pure functions."""

import hashlib


def digest_of(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def names_match(typed: str, name: str) -> bool:
    """The typed name is the account's full name, case and spacing aside."""
    return " ".join(typed.split()).casefold() == " ".join(name.split()).casefold()
