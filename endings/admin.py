from django.contrib import admin

from core.admin import RecordAdmin, report
from matches.admin import MatchAdmin as BaseMatchAdmin
from matches.models import CloseReason, Match

from . import services
from .models import Nomination, Survey, ThankYou

# Closing a match is more than changing its status (check-ins withdrawn, people told, surveys
# sent): the match admin gains the closing actions here, where that service lives.
admin.site.unregister(Match)


@admin.register(Match)
class MatchAdmin(BaseMatchAdmin):
    actions = [*BaseMatchAdmin.actions, "close_completed", "close_not_a_fit", "close_inactive", "close_other"]

    def _close(self, request, queryset, reason):
        done, problems = 0, []
        for match in queryset.select_related("mentor", "mentee"):
            try:
                done += services.partnership_close(match=match, by=request.user, reason=reason).closed
            except services.EndingError as exc:
                problems.append(f"{match}: {exc}")
        report(self, request, done, "match", problems)

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


@admin.register(Survey)
class SurveyAdmin(RecordAdmin):
    list_display = ["person", "role", "match", "program_year", "answered_at", "rating", "again"]
    list_filter = ["role", "program_year", ("answered_at", admin.EmptyFieldListFilter)]
    list_select_related = ["person", "match__mentor", "match__mentee"]


@admin.register(ThankYou)
class ThankYouAdmin(RecordAdmin):
    list_display = ["mentor", "mentee", "created_at"]
    list_select_related = ["mentor", "mentee"]


@admin.register(Nomination)
class NominationAdmin(RecordAdmin):
    list_display = ["mentor", "mentee", "program_year", "award_name", "created_at"]
    list_filter = ["program_year"]
    list_select_related = ["mentor", "mentee"]
