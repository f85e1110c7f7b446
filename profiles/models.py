from __future__ import annotations

import calendar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils.functional import cached_property

from documents.storage import documents_storage

from .names import names_changed

COORDINATOR_GROUP = "Coordinators"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra_fields)

    def with_roles(self):
        """Users that know whether they coordinate without a second query (``is_coordinator``): how
        the login backends (``profiles.backends``) load the person behind every request."""
        membership = User.groups.through.objects.filter(user=OuterRef("pk"), group__name=COORDINATOR_GROUP)
        return self.get_queryset().annotate(in_coordinator_group=Exists(membership))


class User(AbstractUser):
    """A person: the e-mail address is the login; one full name, as people write it."""

    # Removed fields; django-stubs types them as Django's own strings.
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)
    name = models.CharField("full name", max_length=150)
    called = models.CharField(
        "name to call you by",
        max_length=60,
        blank=True,
        help_text="Used in greetings, e.g. “Hello An”. Your first name if you leave it empty.",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()  # type: ignore[misc,assignment]  # django-stubs expects Django's own UserManager here

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        # Lists of people are by name, a page at a time: read in the index's order, they stop at the page.
        indexes = [models.Index(fields=["name", "id"], name="user_by_name")]

    def __str__(self):
        return self.name or self.email

    _loaded_name: str | None = None  # the full name as read, to tell when a save changes it

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._loaded_name = user.__dict__.get("name")
        return user

    def save(self, *args, **kwargs):
        """Saved, whichever way (profile edit, erasure, the admin, a command): a changed full name changes
        ``profiles.names``' token, for the copies of names kept as sort keys."""
        super().save(*args, **kwargs)
        if self._loaded_name is not None and self._loaded_name != self.name:
            names_changed()
        self._loaded_name = self.name

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        """The name greetings use: the one the person chose, else the first word of their full name."""
        if self.called.strip():
            return self.called.strip()
        return self.name.split()[0] if self.name.strip() else self.email

    @cached_property
    def is_coordinator(self) -> bool:
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        in_group = getattr(self, "in_coordinator_group", None)  # annotated by User.objects.with_roles()
        return in_group if in_group is not None else self.groups.filter(name=COORDINATOR_GROUP).exists()

    @cached_property
    def profile_or_none(self) -> Profile | None:
        try:
            return self.profile
        except Profile.DoesNotExist:
            return None


class MatchMode(models.TextChoices):
    """How mentees get a mentor (M8)."""

    COORDINATOR = "coordinator", "The coordinator matches"
    REQUESTS = "requests", "Mentees request a mentor"
    BOTH = "both", "Both: mentees may request, the coordinator's bulk proposal takes the rest"


class ProgramSettings(models.Model):
    """The one record of program-wide settings the coordinator edits."""

    program_name = models.CharField(max_length=120, default="Mentoring Program")
    tagline = models.CharField(
        max_length=200,
        blank=True,
        default="Experienced professionals and people starting out, learning from each other.",
    )
    contact_name = models.CharField("coordinator's name", max_length=120, blank=True)
    contact_email = models.EmailField("contact e-mail", blank=True)
    contact_phone = models.CharField("contact phone", max_length=60, blank=True)
    checkin_day = models.PositiveSmallIntegerField(
        "check-in day of the month",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text="1 to 28, so that every month has it.",
    )
    response_window_days = models.PositiveSmallIntegerField(
        "response window (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(27)],
        help_text="How long people have to answer a monthly check-in.",
    )
    reminder_after_days = models.PositiveSmallIntegerField(
        "send a reminder after (days)",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(26)],
        help_text="Those who have not answered by then get one reminder. Must be shorter than the window.",
    )
    award_name = models.CharField(
        "mentoring award",
        max_length=160,
        blank=True,
        help_text="The award mentees may nominate their mentor for.",
    )
    year_start_month = models.PositiveSmallIntegerField(
        "program year starts in",
        default=1,
        choices=[(n, calendar.month_name[n]) for n in range(1, 13)],
        help_text="Reports, surveys and award nominations are grouped by program year.",
    )
    checkpoint_reminder_days = models.PositiveSmallIntegerField(
        "remind before a plan checkpoint (days)",
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Both partners get one e-mail this many days before a checkpoint in the mentee's action plan.",
    )
    meeting_reminder_days = models.PositiveSmallIntegerField(
        "remind of a meeting (days before)",
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(7)],
        help_text="Both partners get one e-mail this many days before a planned meeting (0: the same day).",
    )
    meeting_reminder_hour = models.PositiveSmallIntegerField(
        "at (hour, local time)",
        default=9,
        validators=[MinValueValidator(0), MaxValueValidator(23)],
        help_text="The hour of the day the meeting reminder goes out, 0 to 23, in the program's time zone.",
    )
    discipline_required = models.BooleanField(
        "matching requires the same discipline",
        default=False,
        help_text="When ticked, the bulk proposal only pairs people of the same discipline.",
    )
    nudge_quiet_pairs = models.BooleanField(
        "nudge quiet pairs",
        default=True,
        help_text="When a partnership becomes at risk, both partners get one friendly e-mail.",
    )
    match_mode = models.CharField(
        "how matches are made",
        max_length=12,
        choices=MatchMode.choices,
        default=MatchMode.COORDINATOR,
        help_text="Changing it never touches existing matches or requests already sent.",
    )
    suggestions_shown = models.PositiveSmallIntegerField(
        "mentors suggested to a mentee",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="How many suggested mentors a mentee choosing sees, best first.",
    )
    request_answer_days = models.PositiveSmallIntegerField(
        "days a mentor has to answer a request",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text="Without an answer by then, the request passes to the mentee's next choice.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "program settings"
        verbose_name_plural = "program settings"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="program_settings_singleton"),
            models.CheckConstraint(condition=Q(checkin_day__gte=1, checkin_day__lte=28), name="checkin_day_1_28"),
            models.CheckConstraint(
                condition=Q(reminder_after_days__lt=models.F("response_window_days")),
                name="reminder_before_window_closes",
            ),
            models.CheckConstraint(
                condition=Q(year_start_month__gte=1, year_start_month__lte=12), name="year_start_month_1_12"
            ),
            models.CheckConstraint(
                condition=Q(checkpoint_reminder_days__gte=1, checkpoint_reminder_days__lte=30),
                name="checkpoint_reminder_days_1_30",
            ),
            models.CheckConstraint(condition=Q(match_mode__in=MatchMode.values), name="match_mode_valid"),
            models.CheckConstraint(
                condition=Q(suggestions_shown__gte=1, suggestions_shown__lte=20), name="suggestions_shown_1_20"
            ),
            models.CheckConstraint(
                condition=Q(request_answer_days__gte=1, request_answer_days__lte=30), name="request_answer_days_1_30"
            ),
        ]

    def __str__(self):
        return self.program_name

    @property
    def mentees_request(self) -> bool:
        """Whether approved mentees may choose and request mentors (M8)."""
        return self.match_mode in (MatchMode.REQUESTS, MatchMode.BOTH)

    def year_of(self, day) -> int:
        """The program year ``day`` falls in, named by the calendar year it starts in."""
        return day.year if day.month >= self.year_start_month else day.year - 1

    def year_label(self, year: int) -> str:
        """ "2026" when the program year is the calendar year, "2026–27" when it straddles two."""
        return str(year) if self.year_start_month == 1 else f"{year}–{(year + 1) % 100:02d}"

    @classmethod
    def load(cls) -> ProgramSettings:
        """The program's settings: the one row (made by a migration), or, where it is missing (a database
        emptied by hand, or between tests), the defaults, unsaved, so a read never writes. Saving it
        creates the row. Changes go through ``profiles.services.program_settings_update``."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class Discipline(models.Model):
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Topic(models.Model):
    """An area of expertise (mentors) or of wanted input (mentees); matching compares them."""

    name = models.CharField(max_length=100, unique=True)
    workplace_culture = models.BooleanField(
        "about workplace culture",
        default=False,
        help_text="Mentors with this expertise earn the workplace-culture points with internationally trained mentees.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    MENTEE = "mentee", "Mentee"


class Status(models.TextChoices):
    PENDING = "pending", "Pending review"
    APPROVED = "approved", "Approved"
    WAITLISTED = "waitlisted", "Wait-listed"
    DECLINED = "declined", "Declined"


class Channel(models.TextChoices):
    """A way two people are in touch: what a profile prefers, and what a meeting or reported hour was."""

    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone"
    EMAIL = "email", "E-mail"
    TEXT = "text", "Text messages"
    OTHER = "other", "Other"


# What people say they prefer on their application ("other" is not a preference).
PREFERRED_CHANNELS = [(c.value, c.label) for c in Channel if c != Channel.OTHER]


class MenteeCategory(models.TextChoices):
    STUDENT = "student", "Student"
    JUNIOR = "junior", "Junior member"
    INTERNATIONAL = "international", "Internationally trained professional"


class TimeSlot(models.TextChoices):
    """A part of the week: when someone can meet, and when they like to be contacted."""

    WEEKDAY_MORNINGS = "weekday_mornings", "Weekday mornings"
    WEEKDAY_DAYTIME = "weekday_daytime", "Weekdays, midday and afternoon"
    WEEKDAY_EVENINGS = "weekday_evenings", "Weekday evenings"
    WEEKENDS = "weekends", "Weekends"


def tidy_text(text: str) -> str:
    """One line of text as it is kept: spaces collapsed, none at the ends."""
    return " ".join((text or "").split())


def tidy_languages(languages) -> list[str]:
    """Languages as they are kept: tidied, first letter capital, each once (ignoring case), blanks dropped."""
    kept, seen = [], set()
    for raw in languages or []:
        name = tidy_text(str(raw))
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            kept.append(name[:1].upper() + name[1:])
    return kept


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Every two weeks"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"


class ProfileQuerySet(models.QuerySet):
    def mentors(self):
        return self.filter(role=Role.MENTOR)

    def mentees(self):
        return self.filter(role=Role.MENTEE)

    def approved(self):
        return self.filter(status=Status.APPROVED)

    def pending(self):
        return self.filter(status=Status.PENDING)


class Profile(models.Model):
    """A person's application to the program, and once approved, their profile in it."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(max_length=10, choices=Role.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING, db_index=True)

    # Both roles
    discipline = models.ForeignKey(Discipline, on_delete=models.PROTECT, related_name="profiles")
    channels = models.JSONField("preferred ways to communicate", default=list)
    city = models.CharField(max_length=100, blank=True, help_text="For in-person meetings.")
    languages = models.JSONField(default=list)
    meeting_frequency = models.CharField("how often to meet", max_length=12, choices=Frequency.choices)
    contact_times = models.CharField("preferred contact times", max_length=200, blank=True)
    # When they can meet (availability) and when they like to be contacted: TimeSlot values, scored by matching.
    availability_slots = models.JSONField("when they can meet", default=list, blank=True)
    contact_time_slots = models.JSONField("when they like to be contacted", default=list, blank=True)
    bio = models.TextField("short bio", max_length=2000)
    # An optional photo on a mentor's card (M8): re-encoded without metadata by profile_photo_set, kept in the
    # documents storage and served only by a view that checks who asks (never a public address).
    photo = models.FileField(storage=documents_storage, upload_to="photos/", blank=True)

    # Mentors
    years_experience = models.PositiveSmallIntegerField(
        "years of experience", null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    expertise = models.ManyToManyField(Topic, blank=True, related_name="mentor_profiles")
    capacity = models.PositiveSmallIntegerField(
        "mentees at once",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    availability = models.CharField(max_length=200, blank=True)

    # Mentees
    category = models.CharField(max_length=16, choices=MenteeCategory.choices, blank=True)
    goals = models.TextField(blank=True, max_length=2000)
    focus_areas = models.ManyToManyField(
        Topic, blank=True, related_name="mentee_profiles", verbose_name="areas where input would help most"
    )

    # After a partnership: does the mentee wait for a (new) mentor, does the mentor take a new mentee now?
    looking_for_mentor = models.BooleanField(
        "waiting for a mentor",
        default=True,
        help_text="Mentees: waiting to be matched. Off after a partnership ends, until they ask for a new mentor.",
    )
    open_to_mentees = models.BooleanField(
        "taking new mentees",
        default=True,
        help_text="Mentors: may be offered a new mentee when a place is free.",
    )

    # The coordinator's review; notes are never shown to the applicant.
    coordinator_notes = models.TextField("private notes", blank=True)
    reviewed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="profile_role_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="profile_status_valid"),
            models.CheckConstraint(
                condition=~Q(role=Role.MENTOR) | Q(capacity__gte=1, years_experience__isnull=False),
                name="mentor_has_capacity_and_experience",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.MENTEE) | Q(category__in=MenteeCategory.values),
                name="mentee_has_category",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display().lower()})"

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR

    @property
    def is_approved(self) -> bool:
        return self.status == Status.APPROVED

    def get_channels_display(self) -> list[str]:
        labels = dict(Channel.choices)
        return [labels.get(value, value) for value in self.channels]

    def get_availability_slots_display(self) -> list[str]:
        return [TimeSlot(v).label for v in TimeSlot.values if v in self.availability_slots]

    def get_contact_time_slots_display(self) -> list[str]:
        return [TimeSlot(v).label for v in TimeSlot.values if v in self.contact_time_slots]

    def when_lines(self) -> list[tuple[str, str]]:
        """When they can meet and when they like to be contacted, one line per fact: the same parts of the week
        said once ("Can meet and be contacted"), and what they wrote in their own words only where it says
        more than the parts of the week ticked."""
        meet = ", ".join(self.get_availability_slots_display())
        contact = ", ".join(self.get_contact_time_slots_display())

        def more(text: str, *said: str) -> str:
            text = tidy_text(text)
            return "" if not text or text.casefold() in {s.casefold() for s in said if s} else text

        lines = []
        if meet and meet == contact:
            lines.append(("Can meet and be contacted", meet))
        else:
            lines += [("Can meet", meet or "—"), ("Contact times", contact or "—")]
        availability = more(self.availability, meet, contact) if self.is_mentor else ""
        contact_words = more(self.contact_times, meet, contact, availability)
        if availability:
            lines.append(("Availability, in their words", availability))
        if contact_words:
            lines.append(("Contact times, in their words", contact_words))
        return lines


class Invitation(models.Model):
    """A person the coordinator invited to apply, from the bulk CSV upload."""

    email = models.EmailField("e-mail address", unique=True)
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When it was last e-mailed; its link works for a set time from then."
    )
    sends = models.PositiveSmallIntegerField(default=1, help_text="How many times it was e-mailed.")
    withdrawn_at = models.DateTimeField(null=True, blank=True, help_text="Withdrawn: its links open nothing.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @property
    def last_sent_at(self):
        return self.sent_at or self.created_at
