from django.db import models


class StoredFile(models.Model):
    """A document's bytes, kept in the database so every web node and worker reads the same file.

    Written only through ``documents.storage.DatabaseStorage`` (Django's storage API); a name is
    written once and never changed, so a row is never updated.
    """

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
