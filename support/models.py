"""Support for the people in the program: concerns reported in confidence (S3) and the resource library (S1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from matches.models import Match


class Category(models.TextChoices):
    PARTNERSHIP = "partnership", "The partnership is not working"
    BOUNDARY = "boundary", "A boundary was crossed (money, job search, time, place, ...)"
    HARASSMENT = "harassment", "Harassment"
    BULLYING = "bullying", "Bullying"
    CRIMINAL = "criminal", "Possible criminal conduct"
    OTHER = "other", "Something else"


# The guide: "In the case of concern for criminal conduct or possible harassment or bullying,
# contact the Program Coordinator immediately."
URGENT = [Category.HARASSMENT, Category.BULLYING, Category.CRIMINAL]


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class Source(models.TextChoices):
    FORM = "form", "Reported on the site"
    LINK = "link", "Reported from an e-mail link"
    CHECKIN = "checkin", "From a check-in answer"


class ConcernQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ConcernStatus.OPEN)

    def unresolved(self):
        return self.exclude(status=ConcernStatus.RESOLVED)


class Concern(models.Model):
    """Something a person tells the coordinator in confidence. The other partner never learns of it."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_reported")
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="concerns")
    category = models.CharField(max_length=12, choices=Category.choices)
    urgent = models.BooleanField(default=False)
    text = models.TextField(max_length=4000)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.FORM)
    # A concern raised in a check-in answer: one per check-in, kept up to date with the answer.
    checkin_id = models.BigIntegerField(null=True, blank=True, unique=True)
    status = models.CharField(max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-urgent", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(category__in=Category.values), name="concern_category_valid"),
            models.CheckConstraint(condition=Q(status__in=ConcernStatus.values), name="concern_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "urgent"])]

    def __str__(self):
        return f"{self.get_category_display()} · {self.reporter} · {self.created_at:%Y-%m-%d}"


class ConcernEvent(models.Model):
    """The concern's history: reported, changed status, a private note. Only coordinators read it."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=12, choices=ConcernStatus.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=ConcernStatus.choices, blank=True)
    note = models.TextField("private note", blank=True, max_length=4000)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.concern_id} · {self.at:%Y-%m-%d %H:%M}"


class ResourceKind(models.TextChoices):
    TALK = "talk", "Talks"
    ARTICLE = "article", "Articles"
    BOOK = "book", "Books"
    ASSESSMENT = "assessment", "Self-assessments"
    OTHER = "other", "Other resources"


class Audience(models.TextChoices):
    MENTORS = "mentors", "Mentors"
    MENTEES = "mentees", "Mentees"
    BOTH = "both", "Mentors and mentees"


class Resource(models.Model):
    """A talk, article, book or self-assessment the coordinator recommends."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=ResourceKind.choices)
    audience = models.CharField("for", max_length=8, choices=Audience.choices, default=Audience.BOTH)
    url = models.URLField("link", max_length=500, blank=True)
    note = models.TextField(blank=True, max_length=1000)
    retired_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ResourceKind.values), name="resource_kind_valid"),
            models.CheckConstraint(condition=Q(audience__in=Audience.values), name="resource_audience_valid"),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="resource_link_is_web",
            ),
        ]

    def __str__(self):
        return self.title
