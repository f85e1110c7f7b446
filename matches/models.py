from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    CLOSED = "closed", "Closed"


class CloseReason(models.TextChoices):
    COMPLETED = "completed", "Completed"
    NOT_A_FIT = "not_a_fit", "Not a fit"
    INACTIVE = "inactive", "Inactive"
    OTHER = "other", "Other"


OPEN_STATUSES = [MatchStatus.PROPOSED, MatchStatus.ACTIVE]


class MatchQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def active(self):
        return self.filter(status=MatchStatus.ACTIVE)

    def proposed(self):
        return self.filter(status=MatchStatus.PROPOSED)

    def is_active_locked(self, pk) -> bool:
        """Whether match ``pk`` is active, its row locked until the transaction ends: a write that
        checks this cannot interleave with a close (``match_close`` locks the same row)."""
        return self.select_for_update().filter(pk=pk, status=MatchStatus.ACTIVE).exists()

    def involving(self, user):
        return self.filter(Q(mentor=user) | Q(mentee=user))


class Match(models.Model):
    """A mentoring partnership, from the coordinator's proposal to its close."""

    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentor_matches")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="mentee_matches")
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    close_reason = models.CharField(max_length=12, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True, help_text="The score's reasons when the match was proposed.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "matches"
        ordering = ["-created_at"]
        constraints = [
            # At most one open (proposed or active) match per mentee: the database refuses a second.
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(status__in=OPEN_STATUSES), name="one_open_match_per_mentee"
            ),
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="match_not_with_oneself"),
            models.CheckConstraint(condition=Q(status__in=MatchStatus.values), name="match_status_valid"),
            models.CheckConstraint(
                condition=(Q(status=MatchStatus.CLOSED) & ~Q(close_reason=""))
                | (~Q(status=MatchStatus.CLOSED) & Q(close_reason="")),
                name="closed_matches_have_a_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status"]),
            models.Index(fields=["status", "close_reason"]),
            # The workspace's latest to start: the newest active matches without sorting them all.
            models.Index(fields=["status", "started_at"], name="match_status_started"),
            # The drafts, the best score first, a page at a time after a bulk proposal of thousands.
            models.Index(fields=["status", "score"], name="match_status_score"),
        ]

    def __str__(self):
        return f"{self.mentor} & {self.mentee}"

    @property
    def is_active(self):
        return self.status == MatchStatus.ACTIVE

    @property
    def is_proposed(self):
        return self.status == MatchStatus.PROPOSED

    # Its page, get_absolute_url, is the dashboard's: the project sets it (ABSOLUTE_URL_OVERRIDES in settings).
    if TYPE_CHECKING:

        def get_absolute_url(self) -> str: ...

    def partner_of(self, user):
        return self.mentee if user.pk == self.mentor_id else self.mentor


class MatchEvent(models.Model):
    """One change in a match's life: who, when, from what to what, and why."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=10, choices=MatchStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=MatchStatus.choices)
    reason = models.CharField(max_length=12, choices=CloseReason.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.match}: {self.from_status or 'new'} → {self.to_status}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ProposalRun(models.Model):
    """One press of "Propose matches": the bulk proposal runs as a task, and this row tells its progress."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    min_score = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    waiting = models.PositiveIntegerField(null=True, blank=True)
    proposed = models.PositiveIntegerField(null=True, blank=True)
    rematchers_proposed = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=RunStatus.values), name="proposal_run_status_valid")
        ]

    def __str__(self):
        return f"Proposal {self.pk} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def unplaced(self) -> int:
        return (self.waiting or 0) - (self.proposed or 0)


class NotAgain(models.Model):
    """A pair the coordinator marked "not again" (M9): like a match that was not a fit, never proposed,
    suggested or requested again, whether or not they were ever matched."""

    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "pair not to match again"
        verbose_name_plural = "pairs not to match again"
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="not_again_once_per_pair"),
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="not_again_not_with_oneself"),
        ]

    def __str__(self):
        return f"{self.mentee} & {self.mentor}: not again"
