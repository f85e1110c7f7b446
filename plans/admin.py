"""Plans in the admin: records and figures only. What the mentee wrote, and the comments, belong to the
pair; they are left out here, as on every page the coordinator sees."""

from django.contrib import admin

from core.admin import RecordAdmin

from .models import Action, Checkpoint, Comment, Plan, PlanEvent, PlanVersion


@admin.register(Plan)
class PlanAdmin(RecordAdmin):
    list_display = ["mentee", "version", "goal_count", "shared_with_coordinator", "created_at", "updated_at"]
    list_filter = ["shared_with_coordinator"]
    search_fields = ["mentee__name", "mentee__email"]
    list_select_related = ["mentee"]


@admin.register(PlanVersion)
class PlanVersionAdmin(RecordAdmin):
    list_display = ["plan", "number", "saved_by", "saved_at"]
    list_select_related = ["plan__mentee", "saved_by"]
    fields = ["plan", "number", "saved_by", "saved_at"]  # not the content
    search_fields = ["plan__mentee__name"]


@admin.register(Action)
class ActionAdmin(RecordAdmin):
    list_display = ["plan", "goal", "position", "starts_on", "due_on", "status", "done_on"]
    list_filter = ["status"]
    list_select_related = ["plan__mentee"]


@admin.register(Checkpoint)
class CheckpointAdmin(RecordAdmin):
    list_display = ["plan", "position", "on", "held_on", "reminded_at"]
    list_select_related = ["plan__mentee"]


@admin.register(Comment)
class CommentAdmin(RecordAdmin):
    list_display = ["plan", "author", "goal", "version", "created_at"]
    list_select_related = ["plan__mentee", "author"]
    fields = ["plan", "author", "goal", "parent", "version", "created_at"]  # not the words


@admin.register(PlanEvent)
class PlanEventAdmin(RecordAdmin):
    list_display = ["plan", "kind", "detail", "version", "match", "actor", "at"]
    list_filter = ["kind"]
    list_select_related = ["plan__mentee", "match__mentor", "match__mentee", "actor"]
