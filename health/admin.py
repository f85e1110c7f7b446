from django.contrib import admin

from core.admin import RecordAdmin

from .models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(RecordAdmin):
    list_display = ["name", "beat_at"]
