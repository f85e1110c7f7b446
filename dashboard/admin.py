from django.contrib import admin

from core.admin import RecordAdmin

from .models import DashboardFigures


@admin.register(DashboardFigures)
class DashboardFiguresAdmin(RecordAdmin):
    """When the dashboard's snapshot was last computed; its figures are read on the dashboard itself."""

    list_display = ["computed_at"]
    fields = ["computed_at"]
    readonly_fields = ["computed_at"]
