"""What a signature checks and what it covers: pure functions."""

import hashlib
import unicodedata


def digest_of(content: str) -> str:
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


def _folded(name: str) -> str:
    """A name without accents, case or extra spaces: "Nguyễn  Văn An" and "nguyen van an" fold alike.

    NFKD splits each letter from its accents, which are then dropped; a few letters that
    are not composed (đ, ø, ł, ß, æ, œ) are spelled as people type them without accents.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    for letter, spelled in (("đ", "d"), ("ø", "o"), ("ł", "l"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("ı", "i")):
        plain = plain.replace(letter, spelled)
    return " ".join(plain.split())


def names_match(typed: str, name: str) -> bool:
    """The typed name is the account's full name, accents, case and spacing aside (the exact typing is kept)."""
    return _folded(typed) == _folded(name)
