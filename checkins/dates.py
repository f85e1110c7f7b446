from datetime import date, timedelta

from django.utils import timezone


def month_start(day: date) -> date:
    return day.replace(day=1)


def previous_month(month: date) -> date:
    return (month_start(month) - timedelta(days=1)).replace(day=1)


def next_month(month: date) -> date:
    return (month_start(month) + timedelta(days=32)).replace(day=1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def parse_month(text: str) -> date | None:
    """``2026-11`` → 1 November 2026; None for anything else."""
    try:
        year, month = (int(part) for part in text.strip().split("-"))
        return date(year, month, 1) if 2000 <= year <= 2100 else None
    except (ValueError, AttributeError):
        return None


def began_on(match) -> date | None:
    """The day a partnership began on the program's calendar (none before it is published): its
    notebook's earliest date."""
    return timezone.localdate(match.started_at) if match.started_at else None
