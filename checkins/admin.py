from django.contrib import admin

from .models import CheckIn, NotebookEntry


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "month", "status", "late", "sent_at", "reminded_at", "answered_at", "match"]
    list_filter = ["status", "role", "late", "month", "partnership_status", "continues"]
    search_fields = ["person__name", "person__email"]
    list_select_related = ["person", "match__mentor", "match__mentee"]
    raw_id_fields = ["match", "person"]
    date_hierarchy = "opened_at"


@admin.register(NotebookEntry)
class NotebookEntryAdmin(admin.ModelAdmin):
    list_display = ["match", "date", "form", "minutes", "author"]
    list_filter = ["form"]
    list_select_related = ["match__mentor", "match__mentee", "author"]
    raw_id_fields = ["match", "author"]
    date_hierarchy = "date"
