"""Expected progress: where an indicator should be by now, and whether the measure is on plan.

The expected path runs from the baseline (its date, else the start of the measure) to the
target at the deadline: straight, or through the coordination's milestones. A measure is judged
by its newest value: compared with the value expected on that value's date, measured in parts
of the whole way from baseline to target. More than ``PLAN_TOLERANCE`` (default 0.1: a tenth
of the way) ahead is "vor dem Plan", as much behind "hinter dem Plan", else "im Plan". For a
"lower is better" indicator the way runs downwards and the same rule holds.

Everything is computed in the measure's own query (``MeasureQuerySet.with_plan()``): lists can
filter and count by it without a query per row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Case, F, FloatField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    AHEAD = "ahead", _("vor dem Plan")
    ON_PLAN = "on_plan", _("im Plan")
    BEHIND = "behind", _("hinter dem Plan")
    UNKNOWN = "unknown", _("ohne Planvergleich")


def tolerance() -> float:
    return float(getattr(settings, "PLAN_TOLERANCE", 0.1))


class DayNumber(models.Func):
    """A date as a number of days (for linear interpolation between dates in SQL)."""

    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="julianday(%(expressions)s)", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM CAST(%(expressions)s AS timestamp)) / 86400.0)",
            **extra,
        )


def _float(expression):
    return Cast(expression, FloatField())


def plan_annotations() -> dict:
    """The annotations of ``with_plan()``, in the order they depend on each other."""
    from .indicators import Measurement, Milestone

    newest = Measurement.objects.filter(measure=OuterRef("pk")).order_by(
        "-measured_on", "-created_at"
    )
    milestones = Milestone.objects.filter(measure=OuterRef("pk"))
    before = milestones.filter(due_on__lte=OuterRef("plan_latest_on")).order_by("-due_on")
    after = milestones.filter(due_on__gt=OuterRef("plan_latest_on")).order_by("due_on")
    return {
        "plan_latest_value": Subquery(newest.values("value")[:1]),
        "plan_latest_on": Subquery(newest.values("measured_on")[:1]),
        "plan_start_on": Coalesce("indicator_baseline_on", "start_date"),
        "plan_prev_on": Coalesce(Subquery(before.values("due_on")[:1]), F("plan_start_on")),
        "plan_prev_value": Coalesce(Subquery(before.values("value")[:1]), F("indicator_baseline")),
        "plan_next_on": Coalesce(Subquery(after.values("due_on")[:1]), F("deadline")),
        "plan_next_value": Coalesce(Subquery(after.values("value")[:1]), F("indicator_target")),
        "plan_expected": Case(
            When(plan_latest_on__gte=F("deadline"), then=_float(F("indicator_target"))),
            When(plan_latest_on__lte=F("plan_start_on"), then=_float(F("indicator_baseline"))),
            default=_float(F("plan_prev_value"))
            + (_float(F("plan_next_value")) - _float(F("plan_prev_value")))
            * (DayNumber("plan_latest_on") - DayNumber("plan_prev_on"))
            / NullIf(DayNumber("plan_next_on") - DayNumber("plan_prev_on"), Value(0.0)),
            output_field=FloatField(),
        ),
        "plan_deviation": (_float(F("plan_latest_value")) - F("plan_expected"))
        / NullIf(_float(F("indicator_target")) - _float(F("indicator_baseline")), Value(0.0)),
        "plan_status": Case(
            When(
                Q(plan_deviation__isnull=True) | Q(deadline__isnull=True),
                then=Value(PlanStatus.UNKNOWN),
            ),
            When(plan_deviation__gt=tolerance(), then=Value(PlanStatus.AHEAD)),
            When(plan_deviation__lt=-tolerance(), then=Value(PlanStatus.BEHIND)),
            default=Value(PlanStatus.ON_PLAN),
            output_field=models.CharField(),
        ),
    }
