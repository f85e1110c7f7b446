"""The link to a person's download (V1): made and read by ``core.signing``; it works for a week."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from core.signing import LinkPurpose

DAYS = 7
DOWNLOAD = LinkPurpose(
    "privacy.download", fields={"export": int, "user": int}, object_field="export", max_age=timedelta(days=DAYS)
)


def download_url(export) -> str:
    return reverse("privacy:download", args=[export.pk, DOWNLOAD.make(export=export.pk, user=export.user_id)])


def user_of(token: str, pk: int) -> int:
    """The person download ``pk`` was made for; ``core.signing.BadLink`` when the link opens nothing."""
    return DOWNLOAD.read(token, object_id=pk)["user"]
