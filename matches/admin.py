from django.contrib import admin

from core.admin import ReadOnlyInline, RecordAdmin, report
from profiles.admin import ManagedByActions

from . import services
from .models import CloseReason, Match, MatchEvent, ProposalRun


class MatchEventInline(ReadOnlyInline):
    model = MatchEvent
    fields = ["at", "actor", "from_status", "to_status", "reason", "note"]


@admin.register(Match)
class MatchAdmin(ManagedByActions, RecordAdmin):
    """Matches change only through the services (capacity lock, history, e-mails): here, by the actions."""

    list_display = ["mentee", "mentor", "status", "close_reason", "score", "created_at", "started_at", "closed_at"]
    list_filter = ["status", "close_reason"]
    search_fields = ["mentee__name", "mentee__email", "mentor__name", "mentor__email"]
    list_select_related = ["mentee", "mentor"]
    date_hierarchy = "created_at"
    inlines = [MatchEventInline]
    actions = ["publish", "close_completed", "close_not_a_fit", "close_inactive", "close_other"]

    def _each(self, request, queryset, change):
        done, problems = 0, []
        for match in queryset.select_related("mentor", "mentee"):
            try:
                done += bool(change(match))
            except services.MatchError as exc:
                problems.append(f"{match}: {exc}")
        report(self, request, done, "match", problems)

    @admin.action(description="Publish the selected proposals (both people are introduced by e-mail)", permissions=["manage"])
    def publish(self, request, queryset):
        self._each(request, queryset, lambda match: services.match_publish(match=match, by=request.user))

    def _close(self, request, queryset, reason):
        self._each(request, queryset, lambda match: services.match_close(match=match, by=request.user, reason=reason))

    @admin.action(description="Close the selected matches as completed", permissions=["manage"])
    def close_completed(self, request, queryset):
        self._close(request, queryset, CloseReason.COMPLETED)

    @admin.action(description="Close the selected matches as not a fit", permissions=["manage"])
    def close_not_a_fit(self, request, queryset):
        self._close(request, queryset, CloseReason.NOT_A_FIT)

    @admin.action(description="Close the selected matches as inactive", permissions=["manage"])
    def close_inactive(self, request, queryset):
        self._close(request, queryset, CloseReason.INACTIVE)

    @admin.action(description="Close the selected matches for another reason", permissions=["manage"])
    def close_other(self, request, queryset):
        self._close(request, queryset, CloseReason.OTHER)


@admin.register(MatchEvent)
class MatchEventAdmin(RecordAdmin):
    list_display = ["match", "from_status", "to_status", "reason", "actor", "at"]
    list_filter = ["to_status", "reason"]
    list_select_related = ["match__mentee", "match__mentor", "actor"]
    search_fields = ["match__mentee__name", "match__mentor__name", "note"]


@admin.register(ProposalRun)
class ProposalRunAdmin(RecordAdmin):
    """Bulk proposals as they ran: written by the task, read here."""

    list_display = ["created_at", "created_by", "status", "min_score", "waiting", "proposed", "finished_at"]
    list_filter = ["status"]
