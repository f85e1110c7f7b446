from django.contrib import admin

from core.admin import RecordAdmin

from .models import DashboardFigures, GroupMessage


@admin.register(DashboardFigures)
class DashboardFiguresAdmin(RecordAdmin):
    """When the dashboard's snapshot was last computed; its figures are read on the dashboard itself."""

    list_display = ["computed_at"]
    fields = ["computed_at"]
    readonly_fields = ["computed_at"]


@admin.register(GroupMessage)
class GroupMessageAdmin(RecordAdmin):
    """The coordinator's messages to groups (sent from the dashboard; their e-mails are in the outbox)."""

    list_display = ["created_at", "subject", "group_label", "recipients", "sent_by"]
    search_fields = ["subject", "body"]
