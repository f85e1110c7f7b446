from django.contrib import admin

from core.admin import RecordAdmin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(RecordAdmin):
    """Which documents are stored, and how big; the bytes stay out of the page (downloads check who may read)."""

    list_display = ["name", "size", "created_at"]
    fields = ["name", "size", "created_at"]
    search_fields = ["name"]
