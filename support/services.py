"""Everything in support that writes or e-mails: concerns and their handling, the resource library."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import dateformat, timezone

from matches.models import Match
from notifications.services import notify
from outbox.services import email_queue
from profiles.models import ProgramSettings, User
from profiles.selectors import coordinators

from . import emails
from .models import URGENT, Concern, ConcernEvent, ConcernStatus, Resource, Source


class ConcernError(Exception):
    """A change to a concern the rules do not allow; the message says why."""


def _tell_coordinators(concern: Concern) -> None:
    """Urgent concerns reach every coordinator at once, by e-mail, exactly once each."""
    program = ProgramSettings.load()
    for coordinator in coordinators():
        email_queue(emails.urgent_concern(concern, coordinator, program=program))


@transaction.atomic
def concern_report(
    *, reporter: User, category: str, text: str, match: Match | None = None, source: str = Source.FORM
) -> tuple[Concern, bool]:
    """Record a concern for the coordinator (S3). Returns (concern, created).

    Harassment, bullying and possible criminal conduct are urgent: every
    coordinator is e-mailed at once, through the outbox, exactly once. Nobody
    else is told; the other partner never learns of it. The same report sent
    twice in a row (a double click) is kept once.
    """
    text = text.strip()
    recent = Concern.objects.filter(
        reporter=reporter, category=category, text=text, created_at__gte=timezone.now() - timedelta(minutes=10)
    ).first()
    if recent:
        return recent, False
    if match is not None and reporter.pk not in (match.mentor_id, match.mentee_id):
        match = None  # a concern is about one's own partnership, or about nothing in particular
    concern = Concern.objects.create(
        reporter=reporter, match=match, category=category, urgent=category in URGENT, text=text, source=source
    )
    ConcernEvent.objects.create(concern=concern, actor=reporter, to_status=ConcernStatus.OPEN, note="")
    if concern.urgent:
        _tell_coordinators(concern)
    return concern, True


@transaction.atomic
def concern_from_checkin(*, checkin_id: int, reporter: User, match: Match, category: str, text: str) -> Concern:
    """Open (or keep up to date) the concern a check-in answer raises: one per check-in.

    When the person changes their answer, the concern's text follows and the
    change is kept in its history; a concern once opened is never withdrawn by it.
    """
    concern = Concern.objects.select_for_update().filter(checkin_id=checkin_id).first()
    if concern is None:
        concern = Concern.objects.create(
            reporter=reporter,
            match=match,
            category=category,
            urgent=category in URGENT,
            text=text,
            source=Source.CHECKIN,
            checkin_id=checkin_id,
        )
        ConcernEvent.objects.create(concern=concern, actor=reporter, to_status=ConcernStatus.OPEN)
        if concern.urgent:
            _tell_coordinators(concern)
    elif concern.text != text:
        ConcernEvent.objects.create(
            concern=concern, actor=reporter, note=f"The check-in answer changed. It said: {concern.text}"
        )
        concern.text = text
        concern.save(update_fields=["text", "updated_at"])
    return concern


@transaction.atomic
def concern_update(*, concern: Concern, by: User, status: str, note: str = "") -> bool:
    """The coordinator acknowledges or resolves a concern (or opens it again), with a private note.

    Every change is kept in the concern's history; its reporter is told it was read or resolved
    (notifications, ``support.concern``), never the note. Returns whether anything changed.
    """
    if status not in ConcernStatus.values:
        raise ConcernError("Please choose what to do with the concern.")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    note = note.strip()
    if concern.status == status and not note:
        return False
    event = ConcernEvent.objects.create(
        concern=concern,
        actor=by,
        from_status=concern.status if concern.status != status else "",
        to_status=status if concern.status != status else "",
        note=note,
    )
    if concern.status != status:
        concern.status = status
        concern.save(update_fields=["status", "updated_at"])
        if status in (ConcernStatus.ACKNOWLEDGED, ConcernStatus.RESOLVED):
            _tell_reporter(concern, event=event)
    return True


def _tell_reporter(concern: Concern, *, event: ConcernEvent) -> None:
    """Only the reporter hears that their concern was read or resolved, never the note (nor the partner)."""
    day = dateformat.format(timezone.localtime(concern.created_at), "j F")
    done = "was marked resolved" if concern.status == ConcernStatus.RESOLVED else "was read by the coordinator"
    notify(
        concern.reporter,
        "support.concern",
        text=f"The concern you reported on {day} {done}.",
        url=reverse("support:mine"),
        key=f"support.concern:{event.pk}",
        email=emails.concern_status(concern, status=concern.status),
    )


RESOURCE_FIELDS = ["title", "kind", "audience", "url", "note"]


@transaction.atomic
def resource_save(*, data: Mapping[str, Any], resource: Resource | None = None) -> Resource:
    """Add a resource to the library, or change one (S1)."""
    resource = resource or Resource()
    for name in RESOURCE_FIELDS:
        if name in data:
            setattr(resource, name, data[name])
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_retire(*, resource: Resource, retired: bool = True) -> Resource:
    """Take a resource out of the library (kept, not shown), or put it back."""
    resource.retired_at = timezone.now() if retired else None
    resource.save(update_fields=["retired_at", "updated_at"])
    return resource
