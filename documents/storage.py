"""Where generated documents (the signed agreements' PDFs) are kept: one place every node reaches.

``STORAGES["documents"]`` picks the backend (settings.py, from ``DOCUMENTS_STORAGE``). The default,
:class:`DatabaseStorage`, keeps the bytes in a table beside the rest of the program, so no new
service is needed and one ``pg_dump`` backs the program up whole; object storage through
django-storages is the other choice (``documents/tests/test_s3.py`` runs it against moto). Fields
that hold documents name :func:`documents_storage` as their storage, so migrations name no backend
and each process takes the one its settings choose (Django calls it when the models are imported).
"""

from __future__ import annotations

from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage, storages
from django.utils.deconstruct import deconstructible


def documents_storage() -> Storage:
    """The storage every generated document goes through (``STORAGES["documents"]``)."""
    return storages["documents"]


@deconstructible(path="documents.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Django's storage API over the ``StoredFile`` table. Names are never overwritten."""

    def __init__(self, **kwargs):
        pass  # no options; accepted so STORAGES may pass an empty OPTIONS

    @staticmethod
    def _rows():
        from .models import StoredFile  # storages are built before the app registry is ready

        return StoredFile.objects

    def _open(self, name: str, mode: str = "rb") -> File:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Documents are written with save(), never opened for writing.")
        content = self._rows().filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(f"No stored document named {name!r}.")
        return ContentFile(bytes(content), name=name)

    def _save(self, name: str, content: File) -> str:
        if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
            content.seek(0)
        data = b"".join(content.chunks())
        self._rows().create(name=name, content=data, size=len(data))
        return name

    def delete(self, name: str) -> None:
        self._rows().filter(name=name).delete()

    def exists(self, name: str) -> bool:
        return self._rows().filter(name=name).exists()

    def size(self, name: str) -> int:
        size = self._rows().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"No stored document named {name!r}.")
        return size

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        prefix = path.rstrip("/") + "/" if path else ""
        directories, files = set(), []
        for name in self._rows().filter(name__startswith=prefix).values_list("name", flat=True):
            head, _, tail = name[len(prefix) :].partition("/")
            (directories.add(head) if tail else files.append(head))
        return sorted(directories), files

    def get_created_time(self, name: str):
        created = self._rows().filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(f"No stored document named {name!r}.")
        return created

    get_modified_time = get_created_time

    def url(self, name: str | None) -> str:
        raise NotImplementedError("Stored documents have no public address; a view checks who may read them.")
