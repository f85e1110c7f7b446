"""The e-mails of check-ins, one function per kind.

Each function owns its template (``templates/emails/checkins/<kind>-*``), its outbox key (what makes
it at most once), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``, or ``email_queue_many`` by the thousand) inside its transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.urls import reverse
from django.utils import dateformat, timezone, translation

from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User
from support.links import report_url

from . import links
from .models import CheckIn, QuietEpisode


def email_key(checkin: CheckIn, kind: str) -> str:
    """The outbox key of a check-in's e-mail: ``open`` (the first) or ``reminder``.

    The coordinator's month page reads what became of them by these keys.
    """
    return f"checkins.{kind}:{checkin.pk}"


def opened(checkin: CheckIn, *, program: ProgramSettings | None = None) -> Email:
    """The month's check-in is open (C1): the person's own link to answer it."""
    return _monthly(checkin, "open", program)


def reminder(checkin: CheckIn, *, program: ProgramSettings | None = None) -> Email:
    """The check-in is still unanswered after the program's reminder days (C5)."""
    return _monthly(checkin, "reminder", program)


def _monthly(checkin: CheckIn, kind: str, program: ProgramSettings | None) -> Email:
    """The ``open`` or ``reminder`` e-mail: written by the thousand and rendered by the worker that
    sends it, so its context is plain values only. ``checkin`` comes with its person and match's partners."""
    person = checkin.person
    return program_email_for(
        name=f"checkins/{kind}",
        to=[person.email],
        key=email_key(checkin, kind),
        program=program,
        plain=True,
        context={
            "concern_link": report_url(person_id=checkin.person_id, match_id=checkin.match_id),
            "checkin": {"is_mentor": checkin.is_mentor},
            "person": {"name": person.name, "get_short_name": person.get_short_name()},
            "partner": {"name": checkin.match.partner_of(person).name},
            "link": links.answer_url(checkin),
            **_month_dates(
                checkin.month,
                checkin.hours_month,
                checkin.due_at,
                timezone.get_current_timezone_name(),
                translation.get_language(),
            ),
        },
    )


@lru_cache(maxsize=64)
def _month_dates(month: date, hours_month: date, due_at: datetime, zone: str, language: str | None) -> dict[str, str]:
    """The month's dates as the e-mails say them: formatted once for the thousands of e-mails that share them."""
    return {
        "month_name": dateformat.format(month, "F"),
        "hours_month_name": dateformat.format(hours_month, "F"),
        "due": dateformat.format(timezone.localtime(due_at), "l j F"),
    }


def nudge(
    episode: QuietEpisode, person: User, *, checkin: CheckIn | None, program: ProgramSettings | None = None
) -> Email:
    """A friendly nudge to each partner of a pair gone quiet (C8), once per quiet episode; with the
    link to their open check-in, when they have one."""
    match = episode.match
    return program_email_for(
        name="checkins/nudge",
        to=[person.email],
        key=f"checkins.nudge:{episode.pk}:{person.pk}",
        program=program,
        context={
            "person": person,
            "partner": match.partner_of(person),
            "notebook_link": reverse("checkins:notebook", args=[match.pk]),
            "checkin_link": links.answer_url(checkin) if checkin else "",
        },
    )
