"""The writes of privacy (V1–V3, V5): each app's ``privacy.py`` does its part, gathered by ``registry``."""

from __future__ import annotations

import csv
import io
import json
import logging
import zipfile
from calendar import monthrange
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.csv import neutralise
from core.personal import FORMER_PARTICIPANT, Export, Limits
from endings.services import partnership_close
from matches.models import CloseReason, Match
from matches.pool import pool_changed
from outbox.services import email_queue
from profiles.models import ProgramSettings, User

from . import emails, registry
from .models import Consent, DataExport, Erasure, ExportStatus, PrivacySettings, RetentionRun

log = logging.getLogger(__name__)

# A second request while one is being built answers the one being built (a double submit makes one ZIP).
EXPORT_DEBOUNCE = timedelta(minutes=15)


class PrivacyError(Exception):
    pass


# --- V1: download my data ---------------------------------------------------------------------------------


def export_request(*, user: User, by: User) -> tuple[DataExport, bool]:
    """Asks for a ZIP of ``user``'s data; answers it and whether it is new. The caller queues the build
    (``tasks.export_build_task``) after commit; one being built already is answered instead of a second."""
    recent = DataExport.objects.filter(
        user=user, status=ExportStatus.BUILDING, created_at__gte=timezone.now() - EXPORT_DEBOUNCE
    ).first()
    if recent is not None:
        return recent, False
    return DataExport.objects.create(user=user, requested_by=by), True


def export_gather(user: User) -> Export:
    """Every app's part of ``user``'s data, tables prefixed by nothing (each app names its own)."""
    whole = Export()
    for module in registry.modules():
        part = module.export(user)
        whole.tables.update(part.tables)
        whole.files.update(part.files)
    whole.tables["consents"] = [
        {"version": c.version, "at": c.at.isoformat()} for c in Consent.objects.filter(user=user).order_by("at")
    ]
    return whole


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    header: list[str] = []
    for row in rows:
        header.extend(k for k in row if k not in header)
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {
                k: neutralise(json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list) else v)
                for k, v in row.items()
            }
        )
    return out.getvalue()


def export_zip(user: User) -> bytes:
    """The ZIP: a README, data.json, one CSV per table, and the person's PDFs."""
    data = export_gather(user)
    readme = render_to_string(
        "privacy/export-readme.txt",
        {"user": user, "tables": sorted(data.tables), "files": sorted(data.files), "program": ProgramSettings.load(),
         "at": timezone.now()},
    )  # fmt: skip
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        archive.writestr("data.json", json.dumps(data.tables, indent=2, ensure_ascii=False, default=str))
        for name, rows in sorted(data.tables.items()):
            archive.writestr(f"csv/{name}.csv", _csv(rows))
        for path, content in sorted(data.files.items()):
            archive.writestr(path, content)
    return buffer.getvalue()


def export_build(*, export_id: int) -> bool:
    """Builds a requested ZIP and e-mails its link; idempotent (a ready one is left alone)."""
    with transaction.atomic():
        export = DataExport.objects.select_for_update().select_related("user").filter(pk=export_id).first()
        if export is None or export.status != ExportStatus.BUILDING:
            return False
        export.archive.save(f"data-{export.user_id}-{export.pk}.zip", ContentFile(export_zip(export.user)), save=False)
        export.status = ExportStatus.READY
        export.ready_at = timezone.now()
        export.save(update_fields=["archive", "status", "ready_at"])
        email_queue(emails.export_ready(export))
    return True


# --- V2: erase my account ---------------------------------------------------------------------------------

# Models whose text is kept on purpose (signed records, the read log, stored bytes): the last pass leaves them.
KEPT_AS_RECORDS = {"agreements.Agreement", "agreements.Signature", "audit.ReadLog", "privacy.Erasure"}


def _mentions_replace(name: str, email: str) -> int:
    """The last pass: the person's full name and address, wherever else a text holds them (an e-mail to the
    partner, the admin's log, a coordinator's note), become "a former participant"."""
    needles = [n for n in (email, name) if n and len(n.strip()) >= 4]
    replaced = 0
    for model in apps.get_models():
        if model._meta.label in KEPT_AS_RECORDS or model._meta.proxy:
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and not f.choices and f.name != "password"
        ]
        if not fields:
            continue
        manager = model._base_manager
        for field in fields:
            for needle in needles:
                for obj in manager.filter(**{f"{field}__icontains": needle}).only("pk", field):
                    value = getattr(obj, field)
                    new = _replace_ci(value, needle, FORMER_PARTICIPANT)
                    manager.filter(pk=obj.pk).update(**{field: new[: _max_length(model, field)]})
                    replaced += 1
    return replaced


def _max_length(model, field: str) -> int | None:
    return model._meta.get_field(field).max_length


def _replace_ci(text: str, needle: str, by: str) -> str:
    lower, low = text.lower(), needle.lower()
    out, start = [], 0
    while (i := lower.find(low, start)) != -1:
        out.append(text[start:i])
        out.append(by)
        start = i + len(needle)
    out.append(text[start:])
    return "".join(out)


def _sessions_end(user: User) -> int:
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def account_erase(*, user: User, by: User, reason: str = "") -> Erasure:
    """Erases ``user``'s account (V2), by themselves or a coordinator (with a reason).

    Their open partnerships close first, with their e-mails (the partner is told; the person's own
    e-mails are then cancelled with the rest). Each app then deletes or replaces what the person wrote
    and who they were (``registry.MODULES``, profiles last), keeping what the figures count; the last
    pass replaces their name and address wherever another text holds them. Signed agreements are kept
    until their retention. Erasing an erased account does nothing more."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if Erasure.objects.filter(user_id=user.pk).exists():
        raise PrivacyError("This account was erased already.")
    by_self = by.pk == user.pk
    if not by_self and not by.is_coordinator:
        raise PrivacyError("Only the person or a coordinator can erase an account.")
    if user.is_coordinator and by_self:
        raise PrivacyError("A coordinator's account is closed by an operator.")
    name, email = user.name, user.email
    counts: dict[str, int] = {}
    for match in Match.objects.open().involving(user):
        partnership_close(match=match, by=by, reason=CloseReason.OTHER, note="")
        counts["partnerships closed"] = counts.get("partnerships closed", 0) + 1
    user.refresh_from_db()
    for module in registry.modules():
        for kind, count in module.erase(user).items():
            counts[kind] = counts.get(kind, 0) + count
    pool_changed()  # the erasure blanks the profile with an update, which sends no signal
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    counts["addresses"] = EmailAddress.objects.filter(user=user).delete()[0]
    counts["authenticators"] = Authenticator.objects.filter(user=user).delete()[0]
    Consent.objects.filter(user=user).delete()
    for export in DataExport.objects.filter(user=user):
        if export.archive:
            export.archive.delete(save=False)
        export.delete()
    counts["sessions"] = _sessions_end(user)
    counts["mentions replaced"] = _mentions_replace(name, email)
    erasure = Erasure.objects.create(user_id=user.pk, by_self=by_self, by=None if by_self else by, reason=reason,
                                     counts=counts)  # fmt: skip
    log.info("account erased", extra={"erased_user": user.pk, "counts": counts})
    return erasure


# --- V3: retention ----------------------------------------------------------------------------------------


def months_before(moment: datetime, months: int) -> datetime:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    return moment.replace(year=year, month=month + 1, day=min(moment.day, monthrange(year, month + 1)[1]))


def limits_for(privacy: PrivacySettings, now: datetime) -> Limits:
    return Limits(
        partnership_texts_before=months_before(now, privacy.partnership_texts_months),
        concerns_before=months_before(now, privacy.concerns_months),
        declined_before=months_before(now, privacy.declined_months),
        agreements_before=months_before(now, 12 * privacy.agreements_years),
    )


def retention_apply(*, now: datetime | None = None) -> RetentionRun:
    """Deletes what is past its time (V3), through each app's ``retain``; idempotent (a second run
    deletes nothing more); keeps the counts (never content) in a ``RetentionRun`` and the log."""
    limits = limits_for(PrivacySettings.load(), now or timezone.now())
    counts: dict[str, int] = {}
    with transaction.atomic():
        for module in registry.modules():
            if module.retain is not None:
                for kind, count in module.retain(limits).items():
                    counts[kind] = counts.get(kind, 0) + count
        run = RetentionRun.objects.create(counts=counts)
    log.info("retention applied", extra={"counts": counts})
    return run


def privacy_settings_update(*, values: dict[str, int]) -> PrivacySettings:
    privacy = PrivacySettings.load()
    for name, value in values.items():
        setattr(privacy, name, value)
    privacy.save()
    return privacy


# --- V5: consent to the notice ----------------------------------------------------------------------------


def consent_give(*, user: User, version: str | None = None) -> Consent:
    """Records that ``user`` agreed to the notice's ``version`` (the current one by default); at most once."""
    consent, _ = Consent.objects.get_or_create(user=user, version=version or settings.PRIVACY_NOTICE_VERSION)
    return consent
