"""The agreement's text as headings, paragraphs and lists: pure code, for the page and the PDF.

The signed text is plain text (its SHA-256 is what the signatures cover). A line
starting with "# " is a heading ("## " a smaller one), a line starting with "- "
a list item, and a blank line ends a paragraph. Texts signed before headings
were marked kept their lines in capitals: such a line reads as a heading too.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and not line.startswith("- ")


def to_html(text: str, *, top: int = 2) -> SafeString:
    """``text`` as HTML, every piece escaped; ``top`` is the level of a "# " heading (h2 by default)."""
    out: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush():
        if paragraph:
            out.append("<p>" + "<br>".join(escape(line) for line in paragraph) + "</p>")
            paragraph.clear()
        if items:
            out.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")
            items.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if not line.strip():
            flush()
        elif line.startswith(("## ", "# ")) or _is_heading(line):
            flush()
            level = top + 1 if line.startswith("## ") else top
            title = line.lstrip("#").strip()
            if _is_heading(line):
                title = title.capitalize()
            out.append(f"<h{min(level, 6)}>{escape(title)}</h{min(level, 6)}>")
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        else:
            if items:
                flush()
            paragraph.append(line.strip())
    flush()
    return mark_safe("\n".join(out))
