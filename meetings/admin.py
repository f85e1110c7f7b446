from django.contrib import admin

from core.admin import RecordAdmin

from .models import CalendarFeed, Meeting, MeetingEvent


@admin.register(Meeting)
class MeetingAdmin(RecordAdmin):
    """Meetings belong to the two partners: shown here (when, how, what became of it), changed only by them."""

    list_display = ["match", "starts_at", "form", "status", "outcome", "sequence", "reminded_for", "asked_at"]
    list_filter = ["status", "outcome", "form"]
    list_select_related = ["match__mentor", "match__mentee"]
    date_hierarchy = "starts_at"
    exclude = ["agenda"]  # what they meant to talk about is theirs, as on the coordinator's pages


@admin.register(MeetingEvent)
class MeetingEventAdmin(RecordAdmin):
    list_display = ["meeting", "kind", "actor", "at", "starts_at"]
    list_filter = ["kind"]
    list_select_related = ["meeting__match__mentor", "meeting__match__mentee", "actor"]
    exclude = ["note"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(RecordAdmin):
    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    exclude = ["token_hash"]
