from django.contrib import admin
from django.template.defaultfilters import floatformat
from django.utils.html import format_html, format_html_join

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
    exclude = ["reasons"]
    readonly_fields = ["score_reasons"]
    actions = ["publish"]  # closing is the endings app's (it withdraws check-ins, tells people, sends surveys)

    @admin.display(description="Reasons for the score")
    def score_reasons(self, match):
        """The score's reasons as the matching page shows them: points of the weight, what, and why."""
        reasons = [r for r in match.reasons or [] if isinstance(r, dict)]
        if not reasons:
            return "-"
        return format_html(
            '<ul style="margin:0;padding:0;list-style:none">{}</ul>',
            format_html_join(
                "",
                "<li><strong>{}/{}</strong> {}: {}</li>",
                (
                    (
                        floatformat(r.get("points", 0), "-1"),
                        r.get("weight", ""),
                        r.get("label", ""),
                        r.get("detail", ""),
                    )
                    for r in reasons
                ),
            ),
        )

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
