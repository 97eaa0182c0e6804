from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from core.history_admin import GuardedHistoryAdmin, ReadOnlyHistoryAdmin

from .models import ActionField, Actor, ActorAlias, Goal, Membership, MunicipalityProfile, User


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 0
    fields = ["alias"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "is_active", "role_names"]
    list_filter = ["groups", "is_active", "is_staff", "is_superuser"]

    @admin.display(description="Rollen")
    def role_names(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    # The coordination manages accounts here, but does not make anybody (herself included) a
    # superuser, hand out single permissions, or take over a superuser's account (its data and
    # its password). Accounts are never deleted, only deactivated: the history names its
    # authors (a deleted user would vanish from every "who changed what").
    SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return fields
        return fields + self.SUPERUSER_ONLY_FIELDS

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ActionField)
class ActionFieldAdmin(GuardedHistoryAdmin):
    list_display = ["number", "name", "slug", "order", "is_active"]
    search_fields = ["name", "short_description", "guiding_goal"]
    prepopulated_fields = {"slug": ["name"]}

    def get_readonly_fields(self, request, obj=None):
        # a number changes only on the page "Handlungsfelder", which keeps measures' numbers
        fields = tuple(super().get_readonly_fields(request, obj))
        return fields + ("number",) if obj is not None else fields


@admin.register(MunicipalityProfile)
class MunicipalityProfileAdmin(ReadOnlyHistoryAdmin):
    """The history of "Gemeinde & Darstellung"; the page itself is where it is changed."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Goal)
class GoalAdmin(GuardedHistoryAdmin):
    list_display = ["title", "action_field", "order"]
    list_filter = ["action_field"]
    search_fields = ["title", "description"]
    list_select_related = ["action_field"]


@admin.register(Actor)
class ActorAdmin(GuardedHistoryAdmin):
    list_display = ["name", "short_name", "kind", "contact_person", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "contact_person", "email"]
    inlines = [MembershipInline, ActorAliasInline]


@admin.register(Membership)
class MembershipAdmin(GuardedHistoryAdmin):
    list_display = ["user", "actor", "since"]
    list_filter = ["actor"]
    search_fields = ["user__username", "user__last_name", "actor__name"]
    list_select_related = ["user", "actor"]
    autocomplete_fields = ["user", "actor"]
