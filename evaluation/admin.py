from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assessment,
    Criterion,
    CriterionScore,
    EvaluationCycle,
    EvaluationMatrix,
    ScaleLevel,
)


class LockedMatrixMixin:
    """A matrix a cycle uses is read-only here too (its results depend on it)."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return False
        return super().has_add_permission(request, obj)


class CriterionInline(LockedMatrixMixin, admin.TabularInline):
    model = Criterion

    extra = 0


class ScaleLevelInline(LockedMatrixMixin, admin.TabularInline):
    model = ScaleLevel

    extra = 0


@admin.register(EvaluationMatrix)
class EvaluationMatrixAdmin(LockedMatrixMixin, SimpleHistoryAdmin):
    list_display = ["name", "version", "created_at"]
    search_fields = ["name"]
    inlines = [CriterionInline, ScaleLevelInline]

    def has_add_permission(self, request, obj=None):
        return admin.ModelAdmin.has_add_permission(self, request)


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period_start", "period_end", "matrix", "due_date", "state"]
    list_filter = ["state", "matrix"]
    search_fields = ["title"]
    list_select_related = ["matrix"]
    readonly_fields = ["matrix", "state", "closed_at", "closed_by"]


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return obj is None or not obj.is_final


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["measure", "cycle", "state", "recommendation", "not_assessed"]
    list_filter = ["cycle", "state", "recommendation", "measure__action_field"]
    search_fields = ["measure__number", "measure__title", "remarks"]
    list_select_related = ["measure", "cycle"]
    readonly_fields = [
        "cycle",
        "measure",
        "state",
        "drafted_by",
        "drafted_at",
        "finalised_by",
        "finalised_at",
        "not_assessed",
    ]
    inlines = [CriterionScoreInline]

    def save_model(self, request, obj, form, change):
        # A change here counts like one in the app: forms opened before it are refused.
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_final:
            return False
        return super().has_change_permission(request, obj)
