from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from core.admin import RecordAdmin, report

from . import services
from .models import (
    Discipline,
    Invitation,
    Profile,
    ProgramSettings,
    Status,
    Topic,
    User,
)


class ManagedByActions:
    """Admin actions marked ``permissions=["manage"]`` are for coordinators (and operators)."""

    def has_manage_permission(self, request):
        return request.user.is_active and (request.user.is_superuser or request.user.is_coordinator)


class UserCreateForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreateForm
    form = UserEditForm
    ordering = ["name"]
    list_display = ["name", "email", "role", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_active", "groups", "profile__role", "profile__status"]
    search_fields = ["name", "email"]
    fieldsets = [
        (None, {"fields": ["email", "name", "password"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "usable_password", "password1", "password2"]})
    ]
    list_select_related = ["profile"]

    @admin.display(description="role", ordering="profile__role")
    def role(self, obj):
        profile = getattr(obj, "profile", None)
        return profile.get_role_display() if profile else "—"


@admin.register(Profile)
class ProfileAdmin(ManagedByActions, admin.ModelAdmin):
    list_display = ["user", "role", "status", "discipline", "category", "capacity", "city", "submitted_at"]
    list_filter = ["status", "role", "category", "discipline", "meeting_frequency"]
    search_fields = ["user__name", "user__email", "city", "bio"]
    list_select_related = ["user", "discipline"]
    filter_horizontal = ["expertise", "focus_areas"]
    # The decision is the review's: it e-mails the person and is kept with who made it.
    readonly_fields = [
        "user",
        "role",
        "status",
        "coordinator_notes",
        "submitted_at",
        "updated_at",
        "reviewed_at",
        "reviewed_by",
    ]
    date_hierarchy = "submitted_at"
    actions = ["approve", "waitlist", "decline"]

    def has_add_permission(self, request):
        return False  # people apply through the site

    def _review(self, request, queryset, status):
        changed = sum(
            services.profile_review(
                profile=profile, status=status, notes=profile.coordinator_notes, reviewer=request.user
            )
            for profile in queryset.select_related("user")
        )
        report(self, request, changed, "application", [])

    @admin.action(
        description="Approve the selected applications (each person is told by e-mail)", permissions=["manage"]
    )
    def approve(self, request, queryset):
        self._review(request, queryset, Status.APPROVED)

    @admin.action(
        description="Wait-list the selected applications (each person is told by e-mail)", permissions=["manage"]
    )
    def waitlist(self, request, queryset):
        self._review(request, queryset, Status.WAITLISTED)

    @admin.action(
        description="Decline the selected applications (each person is told by e-mail)", permissions=["manage"]
    )
    def decline(self, request, queryset):
        self._review(request, queryset, Status.DECLINED)


@admin.register(Invitation)
class InvitationAdmin(RecordAdmin):
    list_display = ["name", "email", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email"]


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(RecordAdmin):
    """Shown here; edited on the coordinator's Settings page, which records who changed them."""

    list_display = [
        "program_name",
        "contact_name",
        "contact_email",
        "checkin_day",
        "response_window_days",
        "updated_at",
    ]


@admin.register(Discipline)
class NameAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "workplace_culture"]
    list_filter = ["workplace_culture"]
    search_fields = ["name"]
