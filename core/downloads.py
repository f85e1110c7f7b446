"""The Content-Disposition of a download, built by Django's own quoting."""

from __future__ import annotations

import unicodedata

from django.utils.http import content_disposition_header


def ascii_fallback(filename: str) -> str:
    """``filename`` with accents dropped and anything else outside printable ASCII replaced."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode("ascii")
    return "".join(c if c.isprintable() else "_" for c in plain).strip() or "download"


def attachment_header(filename: str) -> str:
    """``attachment`` with a plain ASCII ``filename`` every client reads and, when the name has
    more than ASCII, ``filename*`` (RFC 6266) with the name as it is. Quotes and backslashes are
    escaped, and line breaks cannot reach the header."""
    filename = " ".join(filename.split())
    header = content_disposition_header(as_attachment=True, filename=ascii_fallback(filename))
    full = content_disposition_header(as_attachment=True, filename=filename)
    assert header is not None  # None only for inline without a name
    assert full is not None
    if not filename.isascii():
        header += "; " + full.split("; ", 1)[1]
    return header
