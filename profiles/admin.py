from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from .models import Discipline, Invitation, Profile, ProgramSettings, Topic, User


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
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "status", "discipline", "category", "capacity", "city", "submitted_at"]
    list_filter = ["status", "role", "category", "discipline", "meeting_frequency"]
    search_fields = ["user__name", "user__email", "city", "bio"]
    list_select_related = ["user", "discipline"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["expertise", "focus_areas"]
    readonly_fields = ["submitted_at", "updated_at", "reviewed_at", "reviewed_by"]
    date_hierarchy = "submitted_at"


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "role", "invited_by", "created_at", "accepted_at"]
    list_filter = ["role", ("accepted_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "email"]
    readonly_fields = ["created_at"]


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(admin.ModelAdmin):
    list_display = ["program_name", "contact_name", "contact_email", "checkin_day", "response_window_days", "updated_at"]
    readonly_fields = ["updated_at", "updated_by"]

    def has_add_permission(self, request):
        return not ProgramSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Discipline, Topic)
class NameAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
