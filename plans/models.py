"""The mentee's action plan (A1–A4).

The plan's text lives in its versions: every save stores the whole content
(``content.PlanContent``) as a new ``PlanVersion``, and pages, diffs and the PDF
read it from there. ``Action`` and ``Checkpoint`` rows repeat the dates and
statuses of the latest version, written by the same service in the same
transaction, so the database can find what is overdue or due a reminder
across every plan without reading any text.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from matches.models import Match

from . import content
from .content import DONE, DROPPED, OPEN_STATUSES, PlanContent


class Plan(models.Model):
    """One living plan per mentee; each partnership reads only its own part of it (V5).

    ``match`` is the partnership the plan is with now, and ``first_version`` the version that partnership's
    plan begins at. When a new partnership begins, the mentee chooses (``services.plan_continue``) to start a
    new plan or to carry hers over; either way a new version begins the new partnership's part, and the
    earlier versions and comments stay with the earlier partnership (its archive, as at its close). Until she
    chooses, the new mentor reads nothing of it and the figures count nothing of it. A plan begun before any
    partnership (``match`` empty) is the first partnership's whole."""

    mentee = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan")
    version = models.PositiveIntegerField(default=0, help_text="The number of the latest version.")
    match = models.ForeignKey(
        Match,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The partnership the plan is with now; empty before the first one.",
    )
    first_version = models.PositiveIntegerField(
        default=1, help_text="The first version of this partnership's plan: earlier ones are the earlier partners'."
    )
    shared_with_coordinator = models.BooleanField(default=False)
    goal_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return f"Action plan of {self.mentee}"

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.pk])


class PlanVersion(models.Model):
    """The whole plan as one save left it. Versions are never changed."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = models.JSONField(default=dict)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="one_plan_version_per_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_version_from_one"),
        ]
        indexes = [models.Index(fields=["plan", "saved_at"])]

    def __str__(self):
        return f"{self.plan}, version {self.number}"

    @property
    def parsed(self) -> PlanContent:
        return content.PlanContent.from_json(self.content)


class ActionQuerySet(models.QuerySet):
    def overdue(self, today: date):
        """Still to do, and its completion date has passed (as ``content.Action.is_overdue``)."""
        return self.filter(status__in=OPEN_STATUSES, due_on__lt=today)

    def counted(self):
        return self.exclude(status=DROPPED)


class Action(models.Model):
    """An action of a short-term goal, as the latest version has it: dates and status, no text."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    goal = models.PositiveSmallIntegerField(help_text="The short-term goal's number, 1 to 3.")
    position = models.PositiveSmallIntegerField(help_text="The action's number in its goal, 1 or 2.")
    starts_on = models.DateField(null=True, blank=True)
    due_on = models.DateField("completion date", null=True, blank=True)
    status = models.CharField(max_length=12, choices=content.STATUSES, default=content.NOT_STARTED)
    done_on = models.DateField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "goal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "goal", "position"], name="one_plan_action_per_slot"),
            models.CheckConstraint(
                condition=Q(goal__gte=1, goal__lte=content.SHORT_GOALS), name="plan_action_goal_range"
            ),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=content.ACTIONS_PER_GOAL), name="plan_action_position_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[value for value, _ in content.STATUSES]), name="plan_action_status_valid"
            ),
            # An action cannot finish before it starts.
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__isnull=True) | Q(due_on__gte=F("starts_on")),
                name="plan_action_finishes_after_it_starts",
            ),
            # A done action has the day it was done; any other has none.
            models.CheckConstraint(
                condition=(Q(status=DONE) & Q(done_on__isnull=False)) | (~Q(status=DONE) & Q(done_on__isnull=True)),
                name="plan_action_done_on_when_done",
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.plan}: goal {self.goal}, action {self.position}"


class CheckpointQuerySet(models.QuerySet):
    def upcoming(self, today: date):
        return self.filter(held_on__isnull=True, on__gte=today)

    def overdue(self, today: date):
        """Not held, and its date has passed (as ``content.Checkpoint.is_overdue``)."""
        return self.filter(held_on__isnull=True, on__lt=today)


class Checkpoint(models.Model):
    """A progress checkpoint, as the latest version has it. A new date makes a new row, so a moved
    checkpoint is reminded again; ``reminded_at`` says its reminder was written."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="checkpoints")
    position = models.PositiveSmallIntegerField()
    on = models.DateField("date", null=True, blank=True)
    held_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects = CheckpointQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="one_plan_checkpoint_per_slot"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=content.CHECKPOINTS), name="plan_checkpoint_position_range"
            ),
        ]
        indexes = [models.Index(fields=["on"], condition=Q(held_on__isnull=True), name="plan_checkpoint_open_on")]

    def __str__(self):
        return f"{self.plan}: checkpoint {self.position}"


class Comment(models.Model):
    """The mentor's comment on the plan or on one goal, or an answer in its thread."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    goal = models.CharField(max_length=8, blank=True, help_text="short-1 … long-3; blank for the whole plan.")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(max_length=2000)
    version = models.PositiveIntegerField(help_text="The plan's version when it was written.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["plan", "created_at"])]

    def __str__(self):
        return f"Comment by {self.author} on {self.plan}"


class EventKind(models.TextChoices):
    CREATED = "created", "Plan started"
    SAVED = "saved", "Plan saved"
    PROGRESS = "progress", "Progress recorded"
    GOAL_DONE = "goal_done", "Goal reached"
    CHECKPOINT_HELD = "held", "Checkpoint held"
    SHARED = "shared", "Shared with the coordinator"
    UNSHARED = "unshared", "No longer shared with the coordinator"


EVENT_KINDS = dict(EventKind.choices)


class PlanEvent(models.Model):
    """Something that happened to a plan, in words that carry none of its text: the match timeline shows these."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="events")
    match = models.ForeignKey(
        Match,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The mentee's active match at the time.",
    )
    kind = models.CharField(max_length=10, choices=EventKind.choices)
    version = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=120, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["match", "at"])]

    def __str__(self):
        return f"{self.plan}: {self.get_kind_display()}"

    @property
    def text(self) -> str:
        return event_text(self.kind, self.detail, self.version)


def event_text(kind: str, detail: str, version: int | None) -> str:
    """A plan event as the timelines write it (``PlanEvent.text``), from its columns alone: the coordinator's
    match page reads them with its other records, in one query."""
    label = str(EVENT_KINDS.get(kind, kind))
    if detail:
        label = f"{label}: {detail}"
    return f"{label} (version {version})" if version else label
