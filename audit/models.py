"""The log of sensitive reads (V4): who read what, when, from where. Rows are only ever added.

The model refuses to change or delete a row (``save`` of an existing row, ``delete``, and the
queryset's ``update`` and ``delete``); on PostgreSQL a trigger (migration 0002) refuses UPDATE and
DELETE as well, so not even raw SQL from the app's own connection changes the record. The reader and
the person read about are kept as plain ids (no foreign key), so erasing an account never cascades
into the log: the log names the reader by the name they had when they read.
"""

from __future__ import annotations

from django.db import models


class AppendOnly(Exception):
    """Someone tried to change or delete a row of the read log."""


class Kind(models.TextChoices):
    CONCERN = "concern", "A concern"
    CHECKIN = "checkin", "A check-in answer"
    APPLICATION_NOTES = "notes", "An application's private notes"
    EXPORT = "export", "A person's exported data"


class ReadLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("The read log is append-only.")

    def delete(self):
        raise AppendOnly("The read log is append-only.")

    def _raw_delete(self, using):
        raise AppendOnly("The read log is append-only.")


class ReadLog(models.Model):
    """One read of a sensitive record by a coordinator."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    reader_id = models.BigIntegerField(help_text="The account that read (no foreign key: the log outlives accounts).")
    reader = models.CharField(max_length=254, help_text="The reader's name and e-mail when they read.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField(help_text="The id of the record read (of its kind).")
    person_id = models.BigIntegerField(null=True, blank=True, help_text="The person the record is about, if one.")
    ip = models.GenericIPAddressField(null=True, blank=True, help_text="Where the read came from.")
    path = models.CharField(max_length=500, blank=True)

    objects = ReadLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.reader} read {self.get_kind_display().lower()} #{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise AppendOnly("The read log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("The read log is append-only.")
