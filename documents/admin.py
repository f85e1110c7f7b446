from django.contrib import admin
from django.template.defaultfilters import filesizeformat

from core.admin import RecordAdmin

from .models import StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(RecordAdmin):
    """Which documents are stored and how big they are; their bytes are read through the app's own downloads."""

    list_display = ["name", "size_shown", "created_at"]
    search_fields = ["name"]
    fields = ["name", "size_shown", "created_at"]
    readonly_fields = ["name", "size_shown", "created_at"]

    @admin.display(description="size", ordering="size")
    def size_shown(self, obj):
        return filesizeformat(obj.size)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
