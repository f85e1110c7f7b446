from django.contrib import admin

from core.admin import RecordAdmin

from .models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(RecordAdmin):
    list_display = ["created_at", "user", "kind", "text", "read_at", "in_digest", "digest_sent_at"]
    list_filter = ["kind", "in_digest"]
    search_fields = ["user__email", "user__name", "key"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(RecordAdmin):
    list_display = ["user", "kind", "delivery", "updated_at"]
    list_filter = ["kind", "delivery"]
    search_fields = ["user__email", "user__name"]
