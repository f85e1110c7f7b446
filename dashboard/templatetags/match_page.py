"""Parts of the coordinator's match page written in Python: its timeline lists every moment of the partnership
(dozens in a year), which the template language took a good part of the page's time to write. The same HTML as
the template it replaces, character for character (dashboard/tests/test_match_page.py pins it)."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

register = template.Library()


@register.simple_tag
def timeline(items) -> SafeString:
    """The list of ``items``, each (day as shown, kind, text, note), as dashboard/_timeline.html wrote it."""
    rows = []
    for day, kind, text, note in items:
        note_html = f'<div class="small mt-1">{escape(Truncator(note).words(40, truncate=" …"))}</div>' if note else ""
        rows.append(
            '\n    <li class="list-group-item py-2">\n'
            '      <div class="d-flex flex-wrap gap-2 small"><span class="badge text-bg-light border">'
            f'{escape(kind)}</span><span>{escape(text)}</span><span class="text-body-secondary ms-auto">{escape(day)}'
            f"</span></div>\n      {note_html}\n    </li>\n  "
        )
    return mark_safe(f'<ol class="list-group">\n  {"".join(rows)}\n</ol>\n')  # every value above escaped
