"""Which apps hold a person's data, and where each says what happens to it.

Each app owns the export, erasure and retention of its own data in ``<app>/privacy.py`` (the shape is
``core.personal``'s); privacy only gathers them. A new app that keeps personal data adds ONE line to
``MODULES`` (its ``privacy`` module's dotted path), and names every one of its models in its ``COVERS``:
``privacy/tests/test_registry.py`` fails on a model that no module covers.

Order matters for erasure: modules run top to bottom, and ``profiles`` runs last, as it is the one that
forgets the person's name and address (the outbox finds e-mails by the address first).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType
from typing import Any

MODULES = [
    "outbox.privacy",
    "matches.privacy",
    "agreements.privacy",
    "plans.privacy",
    "support.privacy",
    "checkins.privacy",
    "endings.privacy",
    "notifications.privacy",
    "meetings.privacy",
    "match_requests.privacy",
    "dashboard.privacy",  # a mentor's statement of hours (the PDF): by name, as privacy may not import it
    "profiles.privacy",  # last: it replaces the name and the address
]

# Models outside the program's apps, or with no module of their own, and what becomes of them.
FRAMEWORK_COVERS = {
    "admin.LogEntry": "the admin's log: the person's name in it is replaced (privacy's last pass)",
    "auth.Permission": "no personal data",
    "auth.Group": "no personal data",
    "contenttypes.ContentType": "no personal data",
    "sessions.Session": "erased: every session of the person is ended",
    "account.EmailAddress": "erased: deleted, so the address may sign up again",
    "account.EmailConfirmation": "erased with the address",
    "mfa.Authenticator": "erased: deleted",
    "audit.ReadLog": "append-only log of coordinators' reads: holds ids, not the person's name; kept",
    "documents.StoredFile": "the bytes of stored PDFs (agreements, downloads): deleted with their record",
    "health.Heartbeat": "no personal data",
    "reports.BoardPdf": "the board's PDF of a run of program years: figures only, no person named; the coordinator "
    "who asked for it is a link to their account",
    "privacy.PrivacySettings": "no personal data",
    "privacy.Consent": "exported; deleted on erasure",
    "privacy.DataExport": "deleted on erasure, with the ZIP",
    "privacy.Erasure": "counts and the coordinator's reason: no name",
    "privacy.RetentionRun": "counts only",
}


@dataclass(frozen=True)
class Module:
    name: str
    covers: dict[str, str]
    export: Callable[[Any], Any]
    erase: Callable[[Any], dict[str, int]]
    retain: Callable[[Any], dict[str, int]] | None


def _load(path: str) -> Module:
    module: ModuleType = import_module(path)
    return Module(
        name=path.split(".")[0],
        covers=module.COVERS,
        export=module.export,
        erase=module.erase,
        retain=getattr(module, "retain", None),
    )


@cache
def modules() -> list[Module]:
    return [_load(path) for path in MODULES]


def covers() -> dict[str, str]:
    """Every model label the registry knows, with what becomes of its rows."""
    known = dict(FRAMEWORK_COVERS)
    for module in modules():
        known.update(module.covers)
    return known
