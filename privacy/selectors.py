"""The reads of privacy."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from .models import Consent, DataExport, Erasure, PrivacySettings, RetentionRun


def account_section(user) -> dict[str, Any]:
    """The account page's section: the person's latest download and whether they may erase themselves."""
    return {
        "latest": DataExport.objects.filter(user=user).first(),
        "may_erase": not user.is_coordinator,
    }


def has_consented(user, version: str | None = None) -> bool:
    return Consent.objects.filter(user=user, version=version or settings.PRIVACY_NOTICE_VERSION).exists()


def coordinator_overview(privacy: PrivacySettings | None = None) -> dict[str, Any]:
    """The retention settings (``privacy``, when the caller has read them), the last nights' retention and
    the latest erasures."""
    return {
        "privacy": PrivacySettings.load() if privacy is None else privacy,
        "runs": RetentionRun.objects.all()[:10],
        "erasures": Erasure.objects.all()[:20],
    }
