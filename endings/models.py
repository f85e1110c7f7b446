"""What follows a partnership's end: the closing survey (E2), thanks and award nominations (E3)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from matches.models import Match
from profiles.models import Role


class GoalsMoved(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Survey(models.Model):
    """One person's closing survey for one partnership: sent when it closes, answered once."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="surveys")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="surveys")
    role = models.CharField(max_length=6, choices=Role.choices)
    program_year = models.PositiveSmallIntegerField(help_text="The program year the partnership closed in.")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    rating = models.PositiveSmallIntegerField(
        "how it went", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    helped_most = models.TextField("what helped most", blank=True, max_length=3000)
    program_change = models.TextField("what the program should change", blank=True, max_length=3000)
    again = models.BooleanField("would take part again", null=True, blank=True)
    goals_moved = models.CharField("goals moved forward", max_length=6, choices=GoalsMoved.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["match", "person"], name="one_survey_per_person_match"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="survey_rating_1_5"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(rating__isnull=False), name="answered_survey_has_rating"
            ),
        ]
        indexes = [models.Index(fields=["program_year", "role"])]

    def __str__(self):
        return f"Survey · {self.person} · {self.match}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_mentee(self) -> bool:
        return self.role == Role.MENTEE


class ThankYou(models.Model):
    """A mentee's thank-you note to their mentor: e-mailed to the mentor and kept on their page."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="thanks")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_given")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thanks_received")
    message = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Thanks from {self.mentee} to {self.mentor}"


# What a nomination is for when the program has not named its award.
AWARD_UNNAMED = "the program's mentoring award"


class Nomination(models.Model):
    """A mentee's nomination of their mentor for the program's award. Only coordinators see it."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="nominations")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nominations_made")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="nominations")
    award_name = models.CharField(max_length=160, help_text="The award's name when the nomination was made.")
    program_year = models.PositiveSmallIntegerField()
    reason = models.TextField(max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-program_year", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor", "program_year"], name="one_nomination_per_year"),
        ]

    def __str__(self):
        return f"{self.mentor} nominated by {self.mentee} ({self.program_year})"
