from django.contrib import admin

from core.admin import ReadOnlyInline, RecordAdmin

from .models import Choice, MentorRequest


class ChoiceInline(ReadOnlyInline):
    model = Choice
    fields = ["position", "mentor", "status", "asked_at", "deadline", "answered_at", "answered_by", "reason"]


@admin.register(MentorRequest)
class MentorRequestAdmin(RecordAdmin):
    """Mentees' requests (M8): they change through the app's pages and services, never here."""

    list_display = ["mentee", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["mentee"]
    search_fields = ["mentee__name"]
    inlines = [ChoiceInline]


@admin.register(Choice)
class ChoiceAdmin(RecordAdmin):
    list_display = ["request", "position", "mentor", "status", "deadline"]
    list_filter = ["status"]
    list_select_related = ["request__mentee", "mentor"]
