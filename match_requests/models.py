"""A mentee's request for a mentor (M8): up to three choices in order, each asked in turn."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_CHOICES = 3


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for a mentor's answer"
    MATCHED = "matched", "Matched"
    EXHAUSTED = "exhausted", "No choice could take it"
    WITHDRAWN = "withdrawn", "Withdrawn"


class MentorRequest(models.Model):
    """One mentee's request: her choices (``choices``, in order) and how it ended."""

    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_requests")
    note = models.CharField("a short note to the mentors", max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    match = models.ForeignKey("matches.Match", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            # At most one open request per mentee: a double submit or two tabs cannot make a second.
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(status=RequestStatus.OPEN), name="one_open_request_per_mentee"
            ),
            models.CheckConstraint(condition=Q(status__in=RequestStatus.values), name="request_status_valid"),
        ]

    def __str__(self):
        return f"Request by {self.mentee} ({self.get_status_display().lower()})"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class ChoiceStatus(models.TextChoices):
    WAITING = "waiting", "Not asked yet"
    ASKED = "asked", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "No answer in time"
    PASSED = "passed", "Passed over"  # the mentor could no longer take a mentee when their turn came
    WITHDRAWN = "withdrawn", "Withdrawn"


class Choice(models.Model):
    """One mentor a mentee asked for, at her ``position`` (1 first); asked only when the earlier ones
    declined, did not answer in time or could not take her."""

    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="choices")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="requests_received")
    position = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=ChoiceStatus.choices, default=ChoiceStatus.WAITING)
    asked_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Why it was declined (the mentor's words, for the coordinator) or passed over (the rule that stopped it).
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="choice_position_once"),
            models.UniqueConstraint(fields=["request", "mentor"], name="choice_mentor_once"),
            # Only one mentor of a request is asked at a time.
            models.UniqueConstraint(
                fields=["request"], condition=Q(status=ChoiceStatus.ASKED), name="one_asked_choice_per_request"
            ),
            models.CheckConstraint(condition=Q(status__in=ChoiceStatus.values), name="choice_status_valid"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_CHOICES), name="choice_position_1_to_3"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"]), models.Index(fields=["mentor", "status"])]

    def __str__(self):
        return f"{self.request.mentee} asks {self.mentor} ({self.get_status_display().lower()})"

    @property
    def person(self):
        """Who answers it (``core.linkpages``): the mentor."""
        return self.mentor

    @property
    def is_asked(self) -> bool:
        return self.status == ChoiceStatus.ASKED
