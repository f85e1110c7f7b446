"""The rows of the coordinator's matching workspace, written in Python: the mentees to match, the mentors with
free places (24 each) and the recently started matches (20), which the template language took about a third of
the page's time to render. Each tag writes the same HTML as the loop of matches/workspace.html it replaces,
character for character (matches/tests/test_workspace_rows.py pins it). The rows are the selectors' named
tuples (``waiting_kept``, ``mentors_free_kept``, ``recently_started_kept``)."""

from datetime import datetime
from html import escape

from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from core.links import reverse_fast
from profiles.models import Profile

register = template.Library()

# ``escape`` is the standard library's: Django's is the same with str() and a check for lazy strings, which
# these plain strings do not need (each list is marked safe once, whole).


class _Dates:
    """What the template's ``date:"j M Y"`` writes (in local time), without its parser: each month's name
    translated once per list."""

    def __init__(self):
        self.zone = timezone.get_current_timezone()
        self.months: dict[int, str] = {}

    def __call__(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(self.zone)
        month = self.months.get(value.month)
        if month is None:
            month = self.months[value.month] = str(MONTHS_3[value.month]).title()
        return f"{value.day} {month} {value.year}"


def _categories() -> dict[str, str]:
    return {str(value): str(label) for value, label in Profile._meta.get_field("category").flatchoices}


@register.simple_tag
def waiting_rows(rows) -> SafeString:
    """The mentees to match (``<tr>``), each a row of ``selectors.waiting_kept``."""
    categories, date = _categories(), _Dates()
    out = []
    for row in rows:
        name = escape(row.user__name)
        rematching = ' <span class="badge text-bg-warning">Re-matching</span>' if row.rematching else ""
        out.append(
            "\n            <tr>\n"
            f"              <td>{name}{rematching}"
            f'<div class="small text-body-secondary">{escape(categories.get(row.category, row.category))}</div></td>\n'
            f"              <td>{escape(row.discipline__name)}</td>\n"
            f"              <td>{date(row.reviewed_at or row.submitted_at)}</td>\n"
            '              <td class="text-end"><a class="btn btn-sm btn-outline-primary" '
            f'href="{escape(reverse_fast("matches:suggestions", row.user_id))}">Suggestions'
            f'<span class="visually-hidden"> for {name}</span></a></td>\n'
            "            </tr>\n          "
        )
    return mark_safe("".join(out))  # every value above escaped


@register.simple_tag
def mentor_rows(rows) -> SafeString:
    """The mentors with free places (``<li>``), each a row of ``selectors.mentors_free_kept``."""
    out = []
    for row in rows:
        out.append(
            '\n          <li class="list-group-item d-flex justify-content-between align-items-center">\n'
            f"            <span>{escape(row.user__name)}"
            f'<span class="d-block small text-body-secondary">{escape(row.discipline__name)}</span></span>\n'
            f'            <span class="small">{row.taken} of {row.capacity} taken</span>\n'
            "          </li>\n        "
        )
    return mark_safe("".join(out))  # every value above escaped


@register.simple_tag
def started_rows(rows) -> SafeString:
    """The recently started matches (``<li>``), each a row of ``selectors.recently_started_kept``, linked to the
    match's page as ``Match.get_absolute_url`` links it (the project's ``ABSOLUTE_URL_OVERRIDES``)."""
    url, date = settings.ABSOLUTE_URL_OVERRIDES["matches.match"], _Dates()
    out = []
    for row in rows:
        out.append(
            '\n      <li class="list-group-item d-flex justify-content-between">'
            f'<a href="{escape(url(row))}">{escape(row.mentee__name)} with {escape(row.mentor__name)}</a>'
            f'<span class="small text-body-secondary">since {date(row.started_at)}</span></li>\n    '
        )
    return mark_safe("".join(out))  # every value above escaped
