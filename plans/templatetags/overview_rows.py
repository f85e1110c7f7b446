"""The rows of the coordinator's list of action plans (``plans/overview.html``), written in Python: fifty rows
of a dozen values each, which the template language took about half of the page's time to write. The same HTML
as the loop they replace, character for character (plans/tests/test_overview_rows.py pins it)."""

from __future__ import annotations

from django import template
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

from core.links import reverse_fast
from core.widgets import escaped as escape  # what {{ value }} writes, without Django's wrapper for lazy text

register = template.Library()


def _day(value) -> str:
    """``value|date:"j M"`` for a date."""
    return f"{value.day} {str(MONTHS_3[value.month]).title()}"


@register.simple_tag
def overview_rows(matches) -> SafeString:
    """The table's rows (``<tr>``), one a match of ``plans.selectors.matches_progress``."""
    rows = []
    for match in matches:
        mentee = escape(match.mentee.name)
        if match.plan_version:
            mentee = f'<a href="{escape(reverse_fast("plans:detail", match.plan_id))}">{mentee}</a>'
        shared = ' <span class="badge text-bg-light border">shared</span>' if match.plan_shared else ""
        version = (
            escape(match.plan_version) if match.plan_version else '<span class="text-body-secondary">not started</span>'
        )
        overdue_class = " text-danger fw-semibold" if match.plan_actions_overdue else ""
        checkpoints_overdue = (
            f' · <span class="text-danger">{escape(match.plan_checkpoints_overdue)} overdue</span>'
            if match.plan_checkpoints_overdue
            else ""
        )
        following = f" · next {_day(match.plan_next_checkpoint)}" if match.plan_next_checkpoint else ""
        rows.append(
            "<tr>\n"
            f'      <td>{mentee} <span class="text-body-secondary">with</span> '
            f'<a href="{escape(match.get_absolute_url())}">{escape(match.mentor.name)}</a>{shared}</td>\n'
            f"      <td>{version}</td>\n"
            f'      <td class="text-end">{escape(match.plan_goals)}</td>\n'
            f'      <td class="text-end">{escape(match.plan_actions_done)} of {escape(match.plan_actions)}</td>\n'
            f'      <td class="text-end{overdue_class}">{escape(match.plan_actions_overdue)}</td>\n'
            f'      <td class="small">{escape(match.plan_checkpoints_held)} of {escape(match.plan_checkpoints)} held'
            f"{checkpoints_overdue}{following}</td>\n"
            "    </tr>"
        )
    return mark_safe("".join(rows))  # every value above escaped
