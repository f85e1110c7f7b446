"""Admin pieces shared by every app."""

from django.contrib import admin, messages
from django.db import models


class RecordAdmin(admin.ModelAdmin):
    """A record the program writes through its services: shown in the admin, never added, edited or deleted there.

    Changes go through admin actions that call the services (locks, history and
    e-mails included).
    """

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # Django 6's default, and no warning

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields or []

    def has_add_permission(self, request, obj=None):
        return False


def report(modeladmin, request, done: int, noun: str, problems: list[str]) -> None:
    """One message after an admin action: how many were changed, and why the others were not."""
    modeladmin.message_user(request, f"{done} {noun}{'' if done == 1 else 's'} changed.", messages.SUCCESS)
    for problem in problems:
        modeladmin.message_user(request, problem, messages.WARNING)
