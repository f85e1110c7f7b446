from django.contrib import admin

from core.admin import ReadOnlyInline, RecordAdmin, report
from profiles.admin import ManagedByActions

from . import services
from .models import Match, MatchEvent, NotAgain, ProposalRun


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
    actions = ["publish"]  # closing is the endings app's (it withdraws check-ins, tells people, sends surveys)

    def _each(self, request, queryset, change):
        done, problems = 0, []
        for match in queryset.select_related("mentor", "mentee"):
            try:
                done += bool(change(match))
            except services.MatchError as exc:
                problems.append(f"{match}: {exc}")
        report(self, request, done, "match", problems)

    @admin.action(
        description="Publish the selected proposals (both people are introduced by e-mail)", permissions=["manage"]
    )
    def publish(self, request, queryset):
        self._each(request, queryset, lambda match: services.match_publish(match=match, by=request.user))


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


@admin.register(NotAgain)
class NotAgainAdmin(RecordAdmin):
    """Pairs marked "not again" (M9): marked and lifted on the mentee's suggestions page."""

    list_display = ["mentee", "mentor", "note", "created_by", "created_at"]
    list_select_related = ["mentee", "mentor", "created_by"]
    search_fields = ["mentee__name", "mentor__name"]
