from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import ActionField, Actor, Goal, Membership, User


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


@admin.register(ActionField)
class ActionFieldAdmin(SimpleHistoryAdmin):
    list_display = ["number", "name", "slug"]
    search_fields = ["name", "short_description", "guiding_goal"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Goal)
class GoalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "action_field", "order"]
    list_filter = ["action_field"]
    search_fields = ["title", "description"]
    list_select_related = ["action_field"]


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "contact_person", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "contact_person", "email"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "actor", "since"]
    list_filter = ["actor"]
    search_fields = ["user__username", "user__last_name", "actor__name"]
    list_select_related = ["user", "actor"]
    autocomplete_fields = ["user", "actor"]
