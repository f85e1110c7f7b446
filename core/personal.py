"""The shapes every app's ``privacy.py`` speaks in (V1–V3), so the privacy app can orchestrate them.

Each app owns the export, erasure and retention of its own data in ``<app>/privacy.py``:

- ``COVERS``: every model of the app, by label, with what happens to it (a test holds the registry to it);
- ``export(user) -> Export``: the person's own data, as tables of plain rows and files (PDFs);
- ``erase(user) -> dict[str, int]``: deletes or replaces what the person wrote and who they were, keeps
  what the program's figures count; answers how many rows of each kind it touched;
- ``retain(limits: Limits) -> dict[str, int]`` (optional): deletes the texts past their time, idempotently,
  answering how many it deleted (counts, never content).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import models

# What a person's name becomes on their partner's pages and in shared records once they are erased.
FORMER_PARTICIPANT = "a former participant"


@dataclass
class Export:
    """One app's part of a person's download: tables (name → rows of plain values) and files (path → bytes)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    """Retention: what was closed, resolved, declined or signed before these moments is past its time."""

    partnership_texts_before: datetime
    concerns_before: datetime
    declined_before: datetime
    agreements_before: datetime


def _plain(obj: models.Model, name: str) -> Any:
    value = getattr(obj, name)
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return display()
    if isinstance(value, models.Model):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def rows(objects: Iterable[models.Model], fields: Iterable[str]) -> list[dict[str, Any]]:
    """Each object as a dict of ``fields`` in readable, JSON-ready values (choices by their labels)."""
    names = list(fields)
    return [{name: _plain(obj, name) for name in names} for obj in objects]
