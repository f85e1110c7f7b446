"""The rows of the coordinator's table of a month's answers, written in Python: fifty rows of a dozen fields
each, which the template language took about half of the page's time to render. The same HTML as the loop
of checkins/coordinator.html they replace, character for character (checkins/tests pins it)."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from ..models import CheckInStatus
from .hours import hours

register = template.Library()


def _date(value, format: str) -> str:
    """What the template's ``date`` filter writes (in local time) for the three formats used here, without its
    parser: "j M", "j M, H:i" and "F" (dateformat's M and F, translated)."""
    if value is None:
        return ""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if format == "F":
        return str(MONTHS[value.month])
    text = f"{value.day} {str(MONTHS_3[value.month]).title()}"
    return f"{text}, {value.hour:02d}:{value.minute:02d}" if format == "j M, H:i" else text


def _answer(checkin) -> str:
    if checkin.status == CheckInStatus.ANSWERED:
        late = ' <span class="badge text-bg-warning">Late</span>' if checkin.late else ""
        if checkin.is_mentor:
            stance = str(escape(checkin.get_partnership_status_display()))
        else:
            stance = "Carrying on" if checkin.continues else "Wants to stop"
        concern = (
            f'<div class="text-danger"><span class="fw-semibold">Concern:</span> {escape(checkin.concern)}</div>'
            if checkin.concern
            else ""
        )
        update = escape(Truncator(checkin.update).words(30, truncate=" …"))
        return (
            f'<span class="badge text-bg-success">Answered {_date(checkin.answered_at, "j M")}</span>{late}\n'
            f'                <span class="fw-semibold">{stance}</span>\n'
            f"                <div>{update}</div>\n"
            f"                {concern}\n              "
        )
    if checkin.status == CheckInStatus.MISSED:
        return '<span class="badge text-bg-danger">Missed</span>\n              '
    if checkin.status == CheckInStatus.WITHDRAWN:
        return '<span class="badge text-bg-light border">Withdrawn: the partnership closed</span>\n              '
    return '<span class="badge text-bg-secondary">Not answered yet</span>'


def _hours(checkin) -> str:
    if not (checkin.is_mentor and checkin.status == CheckInStatus.ANSWERED):
        return "—"
    by_form = "".join(f"{escape(label)} {hours(value)} " for label, value in checkin.hours_by_form() if value)
    return f'<strong>{hours(checkin.total_hours)} h</strong><div class="small text-body-secondary">{by_form}</div>'


def _email(kind: str, email) -> str:
    if email.status == "sent":
        state = f'<span class="text-success">sent {_date(email.sent_at, "j M, H:i")}</span>\n                  '
    elif email.status == "failed":
        state = (
            '<span class="text-danger fw-semibold">failed</span>'
            f' <span class="text-danger">({escape(Truncator(email.error).chars(160))})</span>'
            "\n                  "
        )
    else:
        tried = f", tried {email.attempts} time{'' if email.attempts == 1 else 's'}" if email.attempts else ""
        error = (
            f' <span class="text-body-secondary">({escape(Truncator(email.error).chars(120))})</span>'
            if email.error
            else ""
        )
        state = f"<span>queued{tried}</span>{error}"
    label = "Reminder" if kind == "reminder" else "Check-in"
    return f"\n                <div>{label}:\n                  {state}\n                </div>\n              "


@register.simple_tag
def checkin_rows(checkins, hours_month) -> SafeString:
    """The table's rows (``<tr>``), one a check-in of ``MonthOverview.checkins``, each with its ``emails``, the
    names of its person and their partner (``person_name``, ``partner_name``) and its match's page (``match_url``)."""
    hours_label = escape(_date(hours_month, "F"))
    rows = []
    for checkin in checkins:
        emails = "".join(_email(kind, email) for kind, email in checkin.emails) or (
            '<span class="text-body-secondary">none</span>\n              '
        )
        rows.append(
            "\n          <tr>\n"
            f"            <td>{escape(checkin.person_name)}"
            f'<div class="small text-body-secondary">{escape(checkin.get_role_display())} · '
            f'<a href="{escape(checkin.match_url)}">with {escape(checkin.partner_name)}</a></div></td>\n'
            '            <td class="small" data-label="Their answer">\n'
            f"              {_answer(checkin)}\n"
            "            </td>\n"
            f'            <td data-label="Hours for {hours_label}">{_hours(checkin)}</td>\n'
            '            <td class="small" data-label="E-mail">\n'
            f"              {emails}\n"
            "            </td>\n"
            "          </tr>\n        "
        )
    return mark_safe("".join(rows))  # every value above escaped


def _month_answer(checkin) -> str:
    """One cell of the match page's table of answers: what the template wrote for ``checkin`` (or None)."""
    if not checkin:
        return "—"
    if checkin.status == CheckInStatus.ANSWERED:
        late = ", late" if checkin.late else ""
        if checkin.is_mentor:
            stance = (
                f"<strong>{escape(checkin.get_partnership_status_display())}</strong> · {hours(checkin.total_hours)} h"
            )
        else:
            stance = f"<strong>{'Carrying on' if checkin.continues else 'Wants to stop'}</strong>"
        update = f"<div>{escape(Truncator(checkin.update).words(25, truncate=' …'))}</div>" if checkin.update else ""
        concern = (
            f'<div class="text-danger"><strong>Concern:</strong> {escape(checkin.concern)}</div>'
            if checkin.concern
            else ""
        )
        return f'<span class="badge text-bg-success">Answered{late}</span>\n  {stance}\n  {update}\n  {concern}\n'
    if checkin.status == CheckInStatus.MISSED:
        return '<span class="badge text-bg-danger">Missed</span>'
    if checkin.status == CheckInStatus.WITHDRAWN:
        return '<span class="badge text-bg-light border">Withdrawn</span>'
    return '<span class="badge text-bg-secondary">Not answered yet</span>'


@register.simple_tag
def match_answer_rows(answers) -> SafeString:
    """The rows (``<tr>``) of the coordinator's match page's table of answers, one a month: ``answers`` is
    [(month as shown, (the mentor's check-in, the mentee's))], either None when missing. Written here rather
    than by the template's loop (several tags a cell, a dozen months or more); the same HTML, character for
    character (checkins/tests/test_coordinator_rows.py pins it)."""
    rows = []
    for month, checkins in answers:
        cells = "".join(f"\n            <td>{_month_answer(checkin)}\n</td>" for checkin in checkins)
        rows.append(
            f'<tr>\n            <th scope="row" class="text-nowrap">{escape(month)}</th>{cells}\n          </tr>'
        )
    return mark_safe("".join(rows))  # every value above escaped
