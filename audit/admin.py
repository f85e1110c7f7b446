from django.contrib import admin

from core.admin import RecordAdmin

from .models import ReadLog


@admin.register(ReadLog)
class ReadLogAdmin(RecordAdmin):
    """Operators read the log here; nobody adds, changes or deletes a row (RecordAdmin refuses)."""

    list_display = ["at", "reader", "kind", "object_id", "person_id", "ip"]
    list_filter = ["kind"]
    search_fields = ["reader", "=object_id", "=person_id"]
    date_hierarchy = "at"
    readonly_fields = [f.name for f in ReadLog._meta.fields]

    def get_actions(self, request):
        return {}  # not even "delete selected"
