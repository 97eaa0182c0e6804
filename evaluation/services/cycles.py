"""Writes on cycles: start (one assessment per measure of the period) and close (which
queues the final report)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ..models import (
    Assessment,
    AssessmentState,
    CriterionScore,
    CycleState,
    EvaluationCycle,
    EvaluationMatrix,
)
from ..selection import measures_in_period
from .history import stamp as _stamp
from .matrices import matrix_validate_scale
from .reports import cycle_report_queue_final


@transaction.atomic
def cycle_start(
    *,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    matrix: EvaluationMatrix,
    due_date: datetime.date,
    user=None,
) -> EvaluationCycle:
    """Create the cycle and one open assessment per measure that existed in the period.

    Refused if the period is reversed, the due date lies before the period start, or the
    period overlaps a running cycle (its measures would be assessed twice at the same time).
    """
    errors = {}
    if period_end < period_start:
        errors["period_end"] = _("Das Ende des Zeitraums liegt vor seinem Beginn.")
    if due_date < period_start:
        errors["due_date"] = DUE_BEFORE_START
    if errors:
        raise ValidationError(errors)
    _serialise_cycle_starts()
    overlapping = (
        EvaluationCycle.objects.filter(state=CycleState.OPEN)
        .filter(Q(period_start__lte=period_end) & Q(period_end__gte=period_start))
        .order_by("period_start", "pk")
        .first()
    )
    if overlapping is not None:
        raise ValidationError(
            {
                "period_start": _(
                    "Der Zeitraum überschneidet sich mit dem laufenden Zyklus „%(title)s“ "
                    "(%(start)s–%(end)s). Schließen Sie diesen zuerst ab oder wählen Sie "
                    "einen Zeitraum, der sich nicht mit ihm überschneidet."
                )
                % {
                    "title": overlapping.title,
                    "start": formats.date_format(overlapping.period_start, "d.m.Y"),
                    "end": formats.date_format(overlapping.period_end, "d.m.Y"),
                }
            },
            code="overlap",
        )
    matrix_validate_scale(matrix=matrix)
    cycle = EvaluationCycle(
        title=title,
        period_start=period_start,
        period_end=period_end,
        matrix=matrix,
        due_date=due_date,
    )
    _stamp(cycle, user)
    cycle.save()
    # In bulk, with history (a thousand measures are a few queries, not 14,000)
    _create_assessments(cycle, measures_in_period(period_start, period_end), user)
    return cycle


def cycle_missing_measures(cycle: EvaluationCycle) -> list:
    """Measures of the cycle's period that have no assessment in it: entered (or started)
    after the cycle began (2–3 queries)."""
    assessed = set(cycle.assessments.values_list("measure_id", flat=True))
    return [
        m for m in measures_in_period(cycle.period_start, cycle.period_end) if m.pk not in assessed
    ]


@transaction.atomic
def cycle_add_missing_measures(*, cycle: EvaluationCycle, user) -> list[Assessment]:
    """Add an open assessment for every measure of the period the running cycle lacks."""
    locked = EvaluationCycle.objects.select_for_update().select_related("matrix").get(pk=cycle.pk)
    if locked.state == CycleState.CLOSED:
        raise ValidationError(
            _("Der Zyklus ist abgeschlossen; Bewertungen sind nicht mehr möglich.")
        )
    return _create_assessments(locked, cycle_missing_measures(locked), user)


def _create_assessments(cycle, measures, user) -> list[Assessment]:
    """Open assessments with one empty score per criterion, in bulk, with history."""
    assessments = bulk_create_with_history(
        [
            Assessment(cycle=cycle, measure=measure, indicator_value=measure.indicator_current)
            for measure in measures
        ],
        Assessment,
        batch_size=500,
        default_user=user,
    )
    criteria = list(cycle.matrix.criteria.all())
    bulk_create_with_history(
        [CriterionScore(assessment=a, criterion=c) for a in assessments for c in criteria],
        CriterionScore,
        batch_size=1000,
        default_user=user,
    )
    return assessments


DUE_BEFORE_START = _("Das Fälligkeitsdatum liegt vor dem Beginn des Zeitraums.")


def _serialise_cycle_starts() -> None:
    """Two starts at once (a double click) must not both pass the overlap check: on
    PostgreSQL, wait for the other start's transaction; SQLite allows one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('evaluation.cycle_start'))")


class CycleHasOpenAssessments(ValidationError):
    pass


@transaction.atomic
def cycle_close(*, cycle: EvaluationCycle, user, close_open: bool = False) -> list[Assessment]:
    """Close a cycle. With assessments not yet final, refuse unless ``close_open`` is set;
    then those are marked "nicht bewertet" and returned."""
    locked = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.state == CycleState.CLOSED:
        raise ValidationError(_("Der Zyklus ist bereits abgeschlossen."))
    unfinished = list(
        locked.assessments.exclude(state=AssessmentState.FINAL).select_related("measure")
    )
    if unfinished and not close_open:
        raise CycleHasOpenAssessments(
            _(
                "%(n)d Bewertungen sind noch nicht abschließend. Schließen Sie den Zyklus "
                "ausdrücklich mit diesen als „nicht bewertet“ ab oder bewerten Sie sie zuerst."
            )
            % {"n": len(unfinished)},
            code="open_assessments",
        )
    for assessment in unfinished:
        assessment.not_assessed = True
        assessment.action_field_id = assessment.measure.action_field_id
        assessment.version += 1
    # in bulk, with history (hundreds left open are a few queries, not two per assessment)
    bulk_update_with_history(
        unfinished,
        Assessment,
        ["not_assessed", "action_field", "version"],
        batch_size=500,
        default_user=user,
    )
    locked.state = CycleState.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = user
    _stamp(locked, user)
    # the final report, rendered by the worker once the close is committed
    cycle_report_queue_final(cycle=locked, user=user)
    locked.save()
    cycle.refresh_from_db()
    return unfinished
