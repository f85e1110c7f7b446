from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from matches.models import Match
from profiles.models import Channel, Role

MAX_HOURS = Decimal("200")


# The forms of contact the guide asks mentors to report hours by, in its order; the check-in's
# hours fields and the notebook use these.
CONTACT_FORMS = [Channel.IN_PERSON, Channel.EMAIL, Channel.VIDEO, Channel.PHONE, Channel.OTHER]


class Hours(NamedTuple):
    """One form of contact a mentor reports hours by: its field on ``CheckIn`` and ``MonthFigures``, and its label."""

    form: Channel
    field: str
    label: str


# The hours' fields, in the guide's order: the one list. ``CheckIn`` and ``MonthFigures`` declare
# exactly these fields (a test holds them to it); the answer form, the services, the selectors, the
# exports, the dashboard and the hours statement all read this list.
HOURS_FIELDS = [Hours(form, f"hours_{form.value}", form.label) for form in CONTACT_FORMS]


class CheckInStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered"
    MISSED = "missed", "Missed"
    # The partnership closed while the check-in was open: neither answered nor missed,
    # and not counted in response rates.
    WITHDRAWN = "withdrawn", "Withdrawn (partnership closed)"


# The check-ins a response rate is about.
COUNTED = [CheckInStatus.OPEN, CheckInStatus.ANSWERED, CheckInStatus.MISSED]


class PartnershipStatus(models.TextChoices):
    GOING_WELL = "going_well", "Going well"
    SOME_CONCERNS = "some_concerns", "Some concerns"
    WANTS_TO_END = "wants_to_end", "Wants to end"


def hours_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(MAX_HOURS)],
    )


class CheckInQuerySet(models.QuerySet):
    def for_month(self, month: date):
        return self.filter(month=month)

    def counted(self):
        """The check-ins response rates count (not those withdrawn when a partnership closed)."""
        return self.filter(status__in=COUNTED)

    def hours_reported(self):
        """The check-ins whose hours count: mentors' answered ones (C2)."""
        return self.filter(role=Role.MENTOR, status=CheckInStatus.ANSWERED)


class CheckIn(models.Model):
    """One person's monthly check-in for one match: opened on the check-in day, about the month before."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="checkins")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="checkins")
    role = models.CharField(max_length=6, choices=Role.choices)
    month = models.DateField(help_text="First day of the month the check-in was opened in.")
    hours_month = models.DateField(help_text="First day of the month the hours are for (the month before).")
    status = models.CharField(max_length=10, choices=CheckInStatus.choices, default=CheckInStatus.OPEN)
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField()
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    late = models.BooleanField(default=False)

    update = models.TextField(blank=True, max_length=4000)
    # Mentors
    partnership_status = models.CharField(max_length=14, choices=PartnershipStatus.choices, blank=True)
    hours_in_person = hours_field("in person")
    hours_email = hours_field("e-mail")
    hours_video = hours_field("video")
    hours_phone = hours_field("phone")
    hours_other = hours_field("other")
    # Mentees
    continues = models.BooleanField(null=True, blank=True)
    concern = models.TextField(blank=True, max_length=4000, help_text="For the coordinator's eyes only.")
    # The sort key of the coordinator's list of the month (status, mentee's name, role): a copy of the
    # match's mentee's full name, written with the check-in and read again after any name changed
    # (``selectors.mentee_names_sync``), so the month's list is read in an index's order, a page at a time.
    mentee_name = models.CharField(max_length=150, blank=True, editable=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "match_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["match", "person", "month"], name="one_checkin_per_person_match_month"),
            models.CheckConstraint(condition=Q(status__in=CheckInStatus.values), name="checkin_status_valid"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{hours.field}__gte": 0, f"{hours.field}__lte": MAX_HOURS}),
                    name=f"checkin_{hours.field}_0_200",
                )
                for hours in HOURS_FIELDS
            ],
        ]
        indexes = [
            models.Index(fields=["month", "status"]),
            models.Index(fields=["month", "status", "mentee_name", "role", "id"], name="checkin_month_listing"),
            models.Index(fields=["person", "month"]),
            models.Index(fields=["match", "role", "hours_month"]),
            # Covers the dashboard's monthly sums of hours: read from the index alone.
            models.Index(
                fields=["hours_month", "role", "status"],
                include=[hours.field for hours in HOURS_FIELDS],
                name="checkin_hours_by_month",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.month:%B %Y}"

    def save(self, *args, **kwargs):
        if self._state.adding and not self.mentee_name and self.match_id:
            self.mentee_name = self.match.mentee.name
        super().save(*args, **kwargs)

    @property
    def total_hours(self) -> Decimal:
        return sum((getattr(self, hours.field) for hours in HOURS_FIELDS), Decimal("0"))

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def hours_from(self) -> date | None:
        """The day the hours start from, when the partnership began during the month they are for."""
        started = timezone.localdate(self.match.started_at) if self.match.started_at else None
        return started if started and started > self.hours_month else None

    def hours_by_form(self) -> list[tuple[str, Decimal]]:
        return [(hours.label, getattr(self, hours.field)) for hours in HOURS_FIELDS]


class KeptEntries(models.Manager):
    """Notebook entries that were not removed: what every page, count and prefill sees."""

    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class NotebookEntry(models.Model):
    """A meeting or contact the partners log between check-ins. Only the two partners read it.

    Its author may correct or remove it for EDITABLE_DAYS; the earlier wording is kept in its revisions.
    """

    EDITABLE_DAYS = 14

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="notebook")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    form = models.CharField("form of contact", max_length=10, choices=[(f.value, f.label) for f in CONTACT_FORMS])
    minutes = models.PositiveIntegerField(
        "duration (minutes)", validators=[MinValueValidator(5), MaxValueValidator(24 * 60)]
    )
    topics = models.CharField(max_length=300)
    notes = models.TextField(blank=True, max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = KeptEntries()
    everything = models.Manager()  # noqa: DJ012 (a manager, declared after the default one on purpose)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name_plural = "notebook entries"
        base_manager_name = "everything"
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=1, minutes__lte=24 * 60), name="notebook_minutes_range"),
            models.CheckConstraint(condition=Q(form__in=[f.value for f in CONTACT_FORMS]), name="notebook_form_valid"),
        ]
        indexes = [
            models.Index(fields=["match", "date"]),
            models.Index(fields=["date", "match"], name="notebook_recent_contact"),
        ]

    def __str__(self):
        return f"{self.match} · {self.date} · {self.get_form_display()}"

    def editable_by(self, user, now=None) -> bool:
        """Its author may correct or remove it for EDITABLE_DAYS, while the partnership is active."""
        now = now or timezone.now()
        return (
            user.pk == self.author_id
            and self.removed_at is None
            and self.match.is_active
            and now - self.created_at <= timedelta(days=self.EDITABLE_DAYS)
        )


class NotebookRevision(models.Model):
    """An entry as it was before its author corrected or removed it."""

    EDITED, REMOVED = "edited", "removed"

    entry = models.ForeignKey(NotebookEntry, on_delete=models.CASCADE, related_name="revisions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=8, choices=[(EDITED, "Corrected"), (REMOVED, "Removed")])
    date = models.DateField()
    form = models.CharField(max_length=10)
    minutes = models.PositiveIntegerField()
    topics = models.CharField(max_length=300)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.entry_id} {self.action} {self.at:%Y-%m-%d}"


class QuietEpisode(models.Model):
    """A stretch of time a match is at risk (C7), from the day it is flagged until it is not any more.

    Both partners get one friendly nudge per episode (C8), unless the program turned nudges off.
    """

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="quiet_episodes")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    reasons = models.TextField(blank=True)
    nudged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["match"], condition=Q(ended_on__isnull=True), name="one_open_quiet_episode"
            ),
        ]

    def __str__(self):
        return f"{self.match} · quiet since {self.started_on}"


class MonthFigures(models.Model):
    """A closed month's program-wide figures, kept so the dashboard does not add up every check-in again.

    ``answered`` and ``total`` count the check-ins opened in ``month`` (response rate); the hours are
    those reported for ``month`` (check-ins whose ``hours_month`` it is). A row is written only for a
    month none of whose check-ins is still open, either way (``checkins.services.month_figures_refresh``,
    daily and when a month opens), and deleted when an answer of that month changes, so it is never
    stale: a month without a row is added up from the check-ins.
    """

    month = models.DateField(unique=True)
    answered = models.PositiveIntegerField()
    total = models.PositiveIntegerField()
    hours_in_person = models.DecimalField(max_digits=14, decimal_places=2)
    hours_email = models.DecimalField(max_digits=14, decimal_places=2)
    hours_video = models.DecimalField(max_digits=14, decimal_places=2)
    hours_phone = models.DecimalField(max_digits=14, decimal_places=2)
    hours_other = models.DecimalField(max_digits=14, decimal_places=2)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month"]
        verbose_name_plural = "month figures"

    def __str__(self):
        return f"{self.month:%Y-%m}"
