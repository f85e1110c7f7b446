"""The e-mails of meetings, one function per kind.

Each owns its template (``templates/emails/meetings/<kind>-*``), its outbox key (what makes it at most
once: the step of the meeting it tells of, and the person), its context and its recipient, and returns
the ``Email``; the service queues it in its own transaction. An accepted, moved or cancelled meeting's
e-mail carries the calendar invitation (``calendar.invitation``) for the person it goes to.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse

from outbox.emails import Attachment, Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User

from . import calendar
from .models import FORM_LABELS, Meeting, MeetingEvent


def page_link(meeting: Meeting) -> str:
    return reverse("meetings:for_match", args=[meeting.match_id])


def _context(meeting: Meeting, person: User, **more) -> dict:
    return {
        "person": person,
        "partner": meeting.match.partner_of(person),
        "meeting": meeting,
        "link": page_link(meeting),
        **more,
    }


def proposed(event: MeetingEvent, *, program: ProgramSettings | None = None) -> Email:
    """A time waits for the other partner's answer: a new proposal or another time proposed (K1)."""
    meeting = event.meeting
    person = meeting.answerer()
    return program_email_for(
        name="meetings/proposed",
        to=[person.email],
        key=f"meetings.proposed:{event.pk}",
        program=program,
        context=_context(meeting, person, event=event, countered=event.kind == "countered"),
    )


def declined(event: MeetingEvent, *, program: ProgramSettings | None = None) -> Email:
    """The partner who proposed the time learns it was declined, with the word said."""
    meeting = event.meeting
    person = meeting.proposed_by
    return program_email_for(
        name="meetings/declined",
        to=[person.email],
        key=f"meetings.declined:{event.pk}",
        program=program,
        context=_context(meeting, person, event=event),
    )


def invitation(event: MeetingEvent, person: User, *, program: ProgramSettings | None = None) -> Email:
    """The meeting is in the calendar: accepted (a new event) or moved (the same event, a higher SEQUENCE),
    or cancelled (METHOD:CANCEL). Both partners get one, each with the invitation as it reads for them."""
    meeting = event.meeting
    program = program or ProgramSettings.load()
    cancelled = event.kind == "cancelled"
    ics = calendar.invitation(calendar_entry(meeting, person, program))
    method = "CANCEL" if cancelled else "REQUEST"
    return program_email_for(
        name="meetings/cancelled" if cancelled else "meetings/invitation",
        to=[person.email],
        key=f"meetings.invitation:{event.pk}:{person.pk}",
        program=program,
        context=_context(meeting, person, event=event, moved=event.kind == "rescheduled"),
        attachments=[Attachment("invitation.ics", ics, f"text/calendar; method={method}")],
    )


def withdrawn(event: MeetingEvent, *, program: ProgramSettings | None = None) -> Email:
    """A proposal withdrawn before it was answered: the partner it waited for is told (no calendar had it)."""
    meeting = event.meeting
    person = meeting.match.partner_of(event.actor) if event.actor else meeting.answerer()
    return program_email_for(
        name="meetings/withdrawn",
        to=[person.email],
        key=f"meetings.withdrawn:{event.pk}",
        program=program,
        context=_context(meeting, person, event=event),
    )


def reminder(meeting: Meeting, person: User, *, program: ProgramSettings | None = None) -> Email:
    """The meeting is coming up (the program's reminder setting): once per person and planned time."""
    return program_email_for(
        name="meetings/reminder",
        to=[person.email],
        key=f"meetings.reminder:{meeting.pk}:{meeting.starts_at:%Y%m%dT%H%M}:{person.pk}",
        program=program,
        context=_context(meeting, person),
    )


def ask(meeting: Meeting, person: User, *, program: ProgramSettings | None = None) -> Email:
    """The day after: did you meet? "Yes" opens the notebook form filled in; "No" says it did not happen."""
    return program_email_for(
        name="meetings/ask",
        to=[person.email],
        key=f"meetings.ask:{meeting.pk}:{person.pk}",
        program=program,
        context=_context(meeting, person, held_link=reverse("meetings:held", args=[meeting.pk])),
    )


def calendar_entry(
    meeting: Meeting, person: User, program: ProgramSettings, *, invitation: bool = True
) -> calendar.Entry:
    """The meeting as ``person``'s calendar shows it: the same UID in every invitation and in the feed.
    An invitation names its organizer (the program) and attendees (both partners), as iTIP asks; the
    feed is published, not sent, and leaves them out."""
    partner = meeting.match.partner_of(person)
    location = meeting.place or meeting.link
    description = [f"{FORM_LABELS.get(meeting.form, meeting.form)} meeting with {partner.name}."]
    if meeting.link:
        description.append(f"Video link: {meeting.link}")
    if meeting.agenda:
        description.append(f"To talk about: {meeting.agenda}")
    description.append(f"{settings.SITE_URL}{page_link(meeting)}")
    return calendar.Entry(
        uid=meeting_uid(meeting),
        summary=f"Mentoring: meeting with {partner.name}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        sequence=meeting.sequence,
        cancelled=meeting.status == "cancelled",
        location=location,
        url=meeting.link,
        description="\n".join(description),
        organizer=calendar.Person(
            program.program_name, program.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
        ),
        attendees=[calendar.Person(p.name, p.email) for p in (meeting.match.mentor, meeting.match.mentee)],
        stamp=meeting.updated_at,
    )


def meeting_uid(meeting: Meeting) -> str:
    return calendar.uid_for("meeting", meeting.uid)
