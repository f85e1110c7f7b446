from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from documents.storage import documents_storage
from matches.models import Match
from profiles.models import Frequency


class Kind(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", "Confidentiality agreement"
    PARTNERSHIP = "partnership", "Mentoring partnership agreement"


# How often the pair keep in touch between meetings: the guide offers the first three rhythms.
CONTACT_BETWEEN = [(f.value, f.label) for f in (Frequency.WEEKLY, Frequency.FORTNIGHTLY, Frequency.MONTHLY)]


class AgreementTextQuerySet(models.QuerySet):
    def current(self, kind: str) -> AgreementText | None:
        return self.filter(kind=kind).order_by("-version").first()


class AgreementText(models.Model):
    """One version of an agreement's wording. Saving new wording makes a new version; old ones stay."""

    kind = models.CharField(max_length=16, choices=Kind.choices)
    version = models.PositiveIntegerField()
    body = models.TextField(help_text="Paragraphs separated by a blank line; lines starting with “- ” become a list.")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AgreementTextQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="one_text_per_kind_version")]

    def __str__(self):
        return f"{self.get_kind_display()}, version {self.version}"


class Agreement(models.Model):
    """One of a match's two agreements: its wording's version, the pair's terms, and once signed, frozen."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="agreements")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    text = models.ForeignKey(AgreementText, on_delete=models.PROTECT, related_name="agreements")

    # Partnership terms (G2), filled in by the pair.
    goals = models.TextField("our goals for this partnership", blank=True, max_length=3000)
    expectations = models.TextField("how we expect to reach them", blank=True, max_length=3000)
    min_months = models.PositiveSmallIntegerField(
        "minimum length (months)", default=6, validators=[MinValueValidator(1), MaxValueValidator(36)]
    )
    meetings_per_month = models.PositiveSmallIntegerField(
        "meetings per month, at least", default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    contact_between = models.CharField(
        "contact between meetings", max_length=12, choices=CONTACT_BETWEEN, default=Frequency.FORTNIGHTLY
    )
    mentee_responsibilities = models.TextField("the mentee's responsibilities", blank=True, max_length=3000)
    mentor_responsibilities = models.TextField("the mentor's responsibilities", blank=True, max_length=3000)

    # Frozen with the first signature: exactly what is signed, and its SHA-256.
    content = models.TextField(blank=True)
    digest = models.CharField(max_length=64, blank=True)
    pdf = models.FileField(upload_to="agreements/", blank=True, storage=documents_storage)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["match", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["match", "kind"], name="one_agreement_per_match_kind"),
            models.CheckConstraint(
                condition=Q(min_months__gte=1, min_months__lte=36), name="agreement_min_months_range"
            ),
            models.CheckConstraint(
                condition=Q(meetings_per_month__gte=1, meetings_per_month__lte=8), name="agreement_meetings_range"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.match}"

    @property
    def is_partnership(self) -> bool:
        return self.kind == Kind.PARTNERSHIP

    @property
    def is_frozen(self) -> bool:
        return bool(self.digest)


# The partnership terms the pair fill in together (G2).
TERMS_FIELDS = [
    "goals",
    "expectations",
    "min_months",
    "meetings_per_month",
    "contact_between",
    "mentee_responsibilities",
    "mentor_responsibilities",
]


class Signature(models.Model):
    """A person's signature: the typed full name, the tick, the time, the account, and what was signed."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatures")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    typed_name = models.CharField(max_length=150)
    confirmed = models.BooleanField(default=False)
    signed_at = models.DateTimeField()
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "signer"], name="one_signature_per_signer"),
            models.CheckConstraint(condition=Q(confirmed=True), name="signature_is_confirmed"),
        ]

    def __str__(self):
        return f"{self.signer.name} (typed “{self.typed_name}”) · {self.signed_at:%Y-%m-%d %H:%M}"
