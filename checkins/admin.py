from django.contrib import admin

from core.admin import RecordAdmin

from .models import HOURS_FIELDS, CheckIn, MonthFigures, NotebookEntry, NotebookRevision, QuietEpisode


@admin.register(CheckIn)
class CheckInAdmin(RecordAdmin):
    """Answers belong to the people who gave them: shown here, changed only through the check-in page."""

    list_display = ["person", "role", "month", "status", "late", "reminded_at", "answered_at", "match"]
    list_filter = ["status", "role", "late", "month", "partnership_status", "continues"]
    search_fields = ["person__name", "person__email"]
    list_select_related = ["person", "match__mentor", "match__mentee"]
    date_hierarchy = "opened_at"


@admin.register(NotebookEntry)
class NotebookEntryAdmin(RecordAdmin):
    list_display = ["match", "date", "form", "minutes", "author"]
    list_filter = ["form"]
    list_select_related = ["match__mentor", "match__mentee", "author"]
    date_hierarchy = "date"


@admin.register(QuietEpisode)
class QuietEpisodeAdmin(RecordAdmin):
    list_display = ["match", "started_on", "ended_on", "nudged_at"]
    list_filter = [("ended_on", admin.EmptyFieldListFilter)]
    list_select_related = ["match__mentor", "match__mentee"]


@admin.register(NotebookRevision)
class NotebookRevisionAdmin(RecordAdmin):
    list_display = ["entry", "action", "by", "at"]
    list_select_related = ["entry", "by"]


@admin.register(MonthFigures)
class MonthFiguresAdmin(RecordAdmin):
    """The closed months' figures the dashboard reads; rewritten by the services, never by hand."""

    list_display = ["month", "answered", "total", *(hours.field for hours in HOURS_FIELDS), "computed_at"]
