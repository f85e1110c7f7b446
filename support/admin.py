from django.contrib import admin

from core.admin import ReadOnlyInline, RecordAdmin

from .models import Concern, ConcernEvent, Resource


class ConcernEventInline(ReadOnlyInline):
    model = ConcernEvent
    fields = ["at", "actor", "from_status", "to_status", "note"]


@admin.register(Concern)
class ConcernAdmin(RecordAdmin):
    """Concerns are handled on the coordinator's Concerns page, which keeps their history."""

    list_display = ["category", "urgent", "status", "reporter", "source", "created_at"]
    list_filter = ["status", "urgent", "category", "source"]
    list_select_related = ["reporter"]
    date_hierarchy = "created_at"
    inlines = [ConcernEventInline]


@admin.register(ConcernEvent)
class ConcernEventAdmin(RecordAdmin):
    list_display = ["concern", "from_status", "to_status", "actor", "at"]
    list_select_related = ["concern__reporter", "actor"]


@admin.register(Resource)
class ResourceAdmin(RecordAdmin):
    """The library is kept on the coordinator's Resources page."""

    list_display = ["title", "kind", "audience", "url", "retired_at"]
    list_filter = ["kind", "audience", ("retired_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "note"]
