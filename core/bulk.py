"""Writing thousands of rows at once, skipping those already there, and knowing how many were written.

``bulk_create(ignore_conflicts=True)`` adapts every value of every row in Python (about 30 fields of
8,000 e-mails when a month's check-ins open) and cannot say how many rows it wrote. On PostgreSQL,
``insert_ignoring_conflicts`` sends the rows as one JSON document (written by the json module in C),
which one ``INSERT ... SELECT ... FROM jsonb_to_recordset(...) ON CONFLICT DO NOTHING`` turns into
rows, and reads the count from the statement. What lands in the table is what ``bulk_create`` writes:
the same defaults and ``auto_now_add`` times, the same JSON (each JSON field written with its own
encoder), and every constraint checked by the database as for any insert.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db import connection, models

_TEXT_TYPES = ("varchar", "text", "char")


def insert_ignoring_conflicts(
    model: type[models.Model], objs: Sequence[models.Model], *, batch_size: int = 2000
) -> int:
    """Insert ``objs`` (unsaved, their primary keys left to the database), skipping any that conflict
    with a row already there; the number of rows written.

    On other databases than PostgreSQL this is ``bulk_create(ignore_conflicts=True)``, followed by
    nothing that can count: it returns -1 there, and the caller counts as it can.
    """
    if not objs:
        return 0
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objs, ignore_conflicts=True, batch_size=batch_size)
        return -1
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    name = connection.ops.quote_name
    columns = ", ".join(name(f.column) for f in fields)
    record = ", ".join(f"{name(f.column)} {_record_type(f)}" for f in fields)
    selected = ", ".join(
        f"r.{name(f.column)}::jsonb" if isinstance(f, models.JSONField) else f"r.{name(f.column)}" for f in fields
    )
    sql = (
        f"INSERT INTO {name(model._meta.db_table)} ({columns}) SELECT {selected} "
        f"FROM jsonb_to_recordset(%s::jsonb) AS r({record}) ON CONFLICT DO NOTHING"
    )
    written = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            document = json.dumps([{f.column: _value(f, obj) for f in fields} for obj in batch])
            cursor.execute(sql, [document])
            written += cursor.rowcount
    for obj in objs:  # as bulk_create leaves them
        obj._state.adding = False
        obj._state.db = connection.alias
    return written


def _record_type(field: models.Field) -> str:
    """The type a row's value is read as: text for text (the insert then checks its length, as for any
    insert) and for JSON (written by the field's own encoder, cast to jsonb), the column's own otherwise."""
    db_type = field.db_type(connection) or "text"
    if isinstance(field, models.JSONField) or db_type.startswith(_TEXT_TYPES):
        return "text"
    return db_type


def _value(field: models.Field, obj: models.Model):
    value = field.pre_save(obj, add=True)  # defaults are set already; this fills auto_now_add times
    if value is None:
        return None
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=field.encoder)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal)):
        return str(value)
    return value
