"""The e-mails of requests, one function per kind.

Each function owns its template (``templates/emails/match_requests/<kind>-*``), its outbox key (what
makes it at most once), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``) inside its transaction.
"""

from __future__ import annotations

from django.urls import reverse

from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings

from . import links
from .models import Choice, MentorRequest


def asked(choice: Choice, *, program: ProgramSettings | None = None) -> Email:
    """A mentor is asked to take a mentee on (M8): who she is, her note, the deadline, the answer link."""
    mentee = choice.request.mentee
    return program_email_for(
        name="match_requests/asked",
        to=[choice.mentor.email],
        key=f"match_requests.asked:{choice.pk}",
        program=program,
        context={
            "person": choice.mentor,
            "mentee": mentee,
            "mentee_profile": getattr(mentee, "profile", None),
            "note": choice.request.note,
            "deadline": choice.deadline,
            "link": links.answer_url(choice),
        },
    )


def withdrawn(choice: Choice, *, program: ProgramSettings | None = None) -> Email:
    """The request a mentor was asked to answer was withdrawn (by the mentee or the coordinator): no answer is
    needed any more."""
    return program_email_for(
        name="match_requests/withdrawn",
        to=[choice.mentor.email],
        key=f"match_requests.withdrawn:{choice.pk}",
        program=program,
        context={"person": choice.mentor, "mentee": choice.request.mentee},
    )


def passed_on(passed: Choice, asked_next: Choice, *, program: ProgramSettings | None = None) -> Email:
    """The mentee's choice could not take her (declined, no answer in time, or full): her next choice is asked."""
    return program_email_for(
        name="match_requests/passed-on",
        to=[passed.request.mentee.email],
        key=f"match_requests.passed-on:{passed.pk}",
        program=program,
        context={"person": passed.request.mentee, "passed": passed, "asked_next": asked_next},
    )


def exhausted(request: MentorRequest, *, program: ProgramSettings | None = None) -> Email:
    """None of the mentee's choices could take her: told kindly, with what happens next."""
    return program_email_for(
        name="match_requests/exhausted",
        to=[request.mentee.email],
        key=f"match_requests.exhausted:{request.pk}",
        program=program,
        context={"person": request.mentee, "request": request, "choose_url": reverse("requests:choose")},
    )
