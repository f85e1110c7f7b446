from django.contrib import admin

from .models import Match, MatchEvent


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason", "note"]
    can_delete = False


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "status", "close_reason", "score", "created_at", "started_at", "closed_at"]
    list_filter = ["status", "close_reason"]
    search_fields = ["mentee__name", "mentee__email", "mentor__name", "mentor__email"]
    list_select_related = ["mentee", "mentor"]
    raw_id_fields = ["mentee", "mentor", "created_by"]
    readonly_fields = ["created_at", "reasons"]
    date_hierarchy = "created_at"
    inlines = [MatchEventInline]


@admin.register(MatchEvent)
class MatchEventAdmin(admin.ModelAdmin):
    list_display = ["match", "from_status", "to_status", "reason", "actor", "at"]
    list_filter = ["to_status", "reason"]
    list_select_related = ["match__mentee", "match__mentor", "actor"]
    search_fields = ["match__mentee__name", "match__mentor__name", "note"]
