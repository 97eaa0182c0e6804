"""The admin of the evaluation: never a way around the rules of the app.

A matrix a cycle uses, a final assessment, an assessment or a cycle once the cycle is closed
are read-only here too, and so is every past version shown in their history (simple-history
saves a posted "revert" form without asking for the change permission itself).
"""

from django import forms
from django.contrib import admin

from core.history_admin import GuardedHistoryAdmin

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
class EvaluationMatrixAdmin(LockedMatrixMixin, GuardedHistoryAdmin):
    list_display = ["name", "version", "created_at"]
    search_fields = ["name"]
    inlines = [CriterionInline, ScaleLevelInline]

    def has_add_permission(self, request, obj=None):
        return admin.ModelAdmin.has_add_permission(self, request)


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(GuardedHistoryAdmin):
    """Cycles start in the app (``services.cycle_start`` selects the measures of the period);
    here only the title and due date of a running cycle may change."""

    list_display = ["title", "period_start", "period_end", "matrix", "due_date", "state"]
    list_filter = ["state", "matrix"]
    search_fields = ["title"]
    list_select_related = ["matrix"]
    readonly_fields = [
        "matrix",
        "period_start",
        "period_end",
        "state",
        "closed_at",
        "closed_by",
        # the report PDF is the worker's business (services/reports.py)
        "report_state",
        "report_rendered_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_closed:
            return False
        return super().has_delete_permission(request, obj)


def _is_fixed(assessment) -> bool:
    return assessment is not None and (assessment.is_final or assessment.cycle.is_closed)


class CriterionScoreForm(forms.ModelForm):
    """Only the levels of the cycle's matrix can be chosen."""

    class Meta:
        model = CriterionScore
        fields = ["level", "justification"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "level" in self.fields and self.instance.criterion_id:
            matrix_id = self.instance.criterion.matrix_id
            self.fields["level"].queryset = ScaleLevel.objects.filter(matrix_id=matrix_id)


class CriterionScoreInline(admin.TabularInline):
    model = CriterionScore
    form = CriterionScoreForm
    extra = 0
    can_delete = False
    readonly_fields = ["criterion"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return not _is_fixed(obj)


@admin.register(Assessment)
class AssessmentAdmin(GuardedHistoryAdmin):
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

    def has_add_permission(self, request):
        return False  # assessments come with their cycle

    def has_change_permission(self, request, obj=None):
        if _is_fixed(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _is_fixed(obj):
            return False
        return super().has_delete_permission(request, obj)
