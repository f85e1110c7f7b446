"""The e-mails of privacy, one function per kind (the shape of ``support/emails.py``)."""

from __future__ import annotations

from outbox.emails import Email
from profiles.mail import program_email_for

from . import links
from .models import DataExport


def export_ready(export: DataExport) -> Email:
    """A person's download is ready (V1): the link is signed and works for a week, for them alone."""
    return program_email_for(
        name="privacy/export-ready",
        to=[export.user.email],
        key=f"privacy.export-ready:{export.pk}",
        context={"person": export.user, "link": links.download_url(export), "days": links.DAYS},
    )
