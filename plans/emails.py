"""The e-mails of action plans, one function per kind.

Each function owns its template (``templates/emails/plans/<kind>-*``), its outbox key (what makes
it at most once), its context and its recipient, and returns the ``Email``; the service queues it
(``outbox.services.email_queue``) inside its transaction.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from outbox.emails import Email
from profiles.mail import program_email_for
from profiles.models import ProgramSettings, User

from . import content
from .models import Checkpoint, Comment, PlanVersion


def checkpoint_reminder(
    checkpoint: Checkpoint,
    person: User,
    *,
    mentor: User | None,
    point: content.Checkpoint,
    today: date,
    program: ProgramSettings | None = None,
) -> Email:
    """A progress checkpoint is coming up (A3): the mentee and their current mentor are told once.

    ``checkpoint`` is the row (with its plan's mentee), ``point`` the checkpoint as the latest
    version of the plan words it.
    """
    assert checkpoint.on is not None, "only a dated checkpoint is reminded"
    mentee = checkpoint.plan.mentee
    return program_email_for(
        name="plans/checkpoint",
        to=[person.email],
        key=f"plans.checkpoint:{checkpoint.pk}:{person.pk}",
        program=program,
        context={
            "person": person,
            "mentee": mentee,
            "mentor": mentor,
            "is_mentee": person.pk == mentee.pk,
            "checkpoint": point,
            "days": (checkpoint.on - today).days,
            "link": reverse("plans:detail", args=[checkpoint.plan_id]),
        },
    )


def version_shared(version: PlanVersion, mentor: User, *, mentee: User) -> Email:
    """The mentee saved a new version of the plan (N1): their mentor may read it and comment. Optional."""
    return program_email_for(
        name="plans/shared",
        to=[mentor.email],
        key=f"plans.shared:{version.pk}:{mentor.pk}",
        context={
            "person": mentor,
            "mentee": mentee,
            "number": version.number,
            "link": reverse("plans:diff", args=[version.plan_id]),
        },
    )


def comment(comment: Comment, person: User) -> Email:
    """A comment or reply in the plan's conversation (N1), to the partner who did not write it. Optional.

    Its context is plain values: the worker that sends it renders it, not the request that wrote the comment."""
    return program_email_for(
        name="plans/comment",
        to=[person.email],
        key=f"plans.comment:{comment.pk}:{person.pk}",
        plain=True,
        context={
            "person": {"get_short_name": person.get_short_name()},
            "author": {"name": comment.author.name},
            "is_reply": comment.parent_id is not None,
            "body": comment.body,
            "link": reverse("plans:comments", args=[comment.plan_id]),
        },
    )
