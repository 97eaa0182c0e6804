from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Measure, StatusUpdate


class StatusUpdateInline(admin.TabularInline):
    model = StatusUpdate
    extra = 0
    fields = ["reported_on", "status", "progress", "indicator_value", "text", "author"]
    autocomplete_fields = ["author"]


@admin.register(Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = [
        "number",
        "title",
        "action_field",
        "lead_actor",
        "status",
        "progress",
        "deadline",
    ]
    list_filter = ["action_field", "status", "lead_actor", "no_extra_resources"]
    search_fields = ["number", "title", "description", "target_group", "indicator"]
    list_select_related = ["action_field", "lead_actor"]
    autocomplete_fields = ["lead_actor", "partners", "staff_actor", "goal"]
    date_hierarchy = "deadline"
    inlines = [StatusUpdateInline]
    readonly_fields = ["version", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        # An admin save is a change too: open edit forms must notice it (optimistic locking).
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "reported_on", "status", "progress", "author", "unchanged"]
    list_filter = ["status", "unchanged", "measure__action_field"]
    search_fields = ["measure__number", "measure__title", "text"]
    list_select_related = ["measure", "author"]
    autocomplete_fields = ["measure", "author"]
    date_hierarchy = "reported_on"
