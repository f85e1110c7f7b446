"""What a person typed into a search box, made safe for any database."""

from __future__ import annotations

SEARCH_MAX = 100  # characters: a name or an e-mail address, not an essay


def search_text(value: str, max_length: int = SEARCH_MAX) -> str:
    """``value`` with runs of whitespace as one space, without NUL or other control characters
    (PostgreSQL refuses NUL in a query), and cut to ``max_length`` (SQLite refuses long LIKE patterns)."""
    printable = "".join(c for c in value if c.isprintable() or c.isspace())
    return " ".join(printable.split())[:max_length]
