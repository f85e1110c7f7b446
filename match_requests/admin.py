from django.contrib import admin

from .models import Choice, MentorRequest


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in Choice._meta.fields]


@admin.register(MentorRequest)
class MentorRequestAdmin(admin.ModelAdmin):
    """Read-only: requests change through the app's pages (their services), never here."""

    list_display = ["mentee", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    inlines = [ChoiceInline]
    readonly_fields = [f.name for f in MentorRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
