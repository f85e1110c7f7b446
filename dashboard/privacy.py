"""What the dashboard keeps of a person, for privacy (``core.personal`` says the shape): nothing of its own,
but a mentor's download holds their statement of mentoring hours (E4), the PDF they can make themselves."""

from __future__ import annotations

from django.utils import timezone

from checkins import dates
from core.personal import Export

from .exports import statement_pdf
from .selectors import first_mentoring_month, hours_statement

COVERS = {
    "dashboard.DashboardFigures": "a copy of the figures, recomputed every minute: refreshed after an erasure",
    "dashboard.GroupMessage": "the coordinator's messages to groups: no participant's data (each person's copy "
    "is an outbox e-mail, erased with the outbox's)",
}


def export(user) -> Export:
    """A mentor's statement of hours, from their first partnership's month to last month (none for others)."""
    first = first_mentoring_month(user)
    last = dates.previous_month(timezone.localdate())
    if first is None or first > last:
        return Export()
    pdf = statement_pdf(hours_statement(user, first, last))
    return Export(files={f"hours/statement-{first:%Y-%m}-to-{last:%Y-%m}.pdf": pdf})


def erase(user) -> dict[str, int]:
    return {}
