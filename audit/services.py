"""Writing the read log: the only writes a GET makes, as a read is the event being recorded."""

from __future__ import annotations

from collections.abc import Iterable

from .models import Kind, ReadLog


def _client_ip(request) -> str | None:
    # REMOTE_ADDR is the proxy's behind one; the request id middleware's logs use the same source.
    address = request.META.get("REMOTE_ADDR") or None
    return address


def reads_record(*, request, kind: Kind | str, objects: Iterable[tuple[int, int | None]]) -> int:
    """Records that ``request.user`` read each (object id, person id) of ``kind``; answers how many rows."""
    user = request.user
    reader = f"{getattr(user, 'name', '')} <{user.email}>".strip()
    rows = [
        ReadLog(
            reader_id=user.pk,
            reader=reader[:254],
            kind=kind,
            object_id=object_id,
            person_id=person_id,
            ip=_client_ip(request),
            path=request.get_full_path()[:500],
        )
        for object_id, person_id in objects
    ]
    ReadLog.objects.bulk_create(rows)
    return len(rows)


def read_record(*, request, kind: Kind | str, object_id: int, person_id: int | None = None) -> None:
    """Records that ``request.user`` read one sensitive record."""
    reads_record(request=request, kind=kind, objects=[(object_id, person_id)])
