"""Writes with business meaning: matrices, cycles, assessments."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .defaults import DEFAULT_CRITERIA, DEFAULT_LEVELS, DEFAULT_MATRIX_NAME
from .models import (
    Assessment,
    AssessmentState,
    CriterionScore,
    CycleState,
    EvaluationCycle,
    EvaluationMatrix,
    Recommendation,
    ScaleLevel,
)
from .selection import measures_in_period
from .tasks import store_cycle_report


class MatrixLocked(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Diese Matrix wird von einem Evaluierungszyklus verwendet und kann nicht mehr "
                "geändert werden. Legen Sie eine Kopie für den nächsten Zyklus an."
            ),
            code="locked",
        )


def _lock_matrix(matrix: EvaluationMatrix) -> EvaluationMatrix:
    locked = EvaluationMatrix.objects.select_for_update().get(pk=matrix.pk)
    if locked.is_locked:
        raise MatrixLocked()
    return locked


def matrix_validate_scale(*, matrix: EvaluationMatrix) -> None:
    """A usable matrix has criteria and at least two levels that carry a score."""
    errors = []
    criteria = list(matrix.criteria.all())
    if not criteria:
        errors.append(_("Die Matrix braucht mindestens ein Kriterium."))
    if any(c.weight <= 0 for c in criteria):
        errors.append(_("Jedes Gewicht muss größer als 0 sein."))
    scored = [level for level in matrix.levels.all() if not level.no_score]
    if len(scored) < 2:
        errors.append(_("Die Skala braucht mindestens zwei Stufen mit Punkten."))
    elif max(level.score for level in scored) <= 0:
        errors.append(_("Die höchste Stufe der Skala muss mehr als 0 Punkte haben."))
    elif len({level.score for level in scored}) != len(scored):
        errors.append(_("Zwei Stufen der Skala haben dieselbe Punktzahl."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def matrix_create_default(*, user=None) -> EvaluationMatrix:
    """The proposed matrix K1–K6 with the four-level scale plus "nicht bewertbar"."""
    latest = EvaluationMatrix.objects.filter(name=DEFAULT_MATRIX_NAME).order_by("-version").first()
    matrix = EvaluationMatrix.objects.create(
        name=DEFAULT_MATRIX_NAME,
        version=latest.version + 1 if latest else 1,
        description=_(
            "Sechs gewichtete Kriterien, vierstufige Skala (3 = erreicht … 0 = nicht erreicht) "
            "und „nicht bewertbar“. Punkte = Σ(Gewicht × Stufe) / Σ(Gewicht × 3) × 100."
        ),
    )
    for order, (code, title, weight, description) in enumerate(DEFAULT_CRITERIA, start=1):
        matrix.criteria.create(
            code=code, title=title, weight=Decimal(weight), description=description, order=order
        )
    for label, score, no_score, description in DEFAULT_LEVELS:
        matrix.levels.create(label=label, score=score, no_score=no_score, description=description)
    return matrix


@transaction.atomic
def matrix_create(*, form, criteria_formset, levels_formset) -> EvaluationMatrix:
    """A new matrix from valid forms (name, criteria, scale)."""
    matrix = form.save()
    criteria_formset.instance = matrix
    levels_formset.instance = matrix
    criteria_formset.save()
    levels_formset.save()
    matrix_validate_scale(matrix=matrix)
    return matrix


@transaction.atomic
def matrix_update(*, matrix: EvaluationMatrix, form, criteria_formset, levels_formset) -> None:
    """Save a matrix and its criteria and levels from valid forms; refuse once locked."""
    _lock_matrix(matrix)
    form.save()
    criteria_formset.save()
    levels_formset.save()
    matrix_validate_scale(matrix=matrix)


@transaction.atomic
def matrix_copy(*, matrix: EvaluationMatrix, user=None) -> EvaluationMatrix:
    """A new, editable version of ``matrix`` (the next free version number of its name)."""
    latest = EvaluationMatrix.objects.filter(name=matrix.name).order_by("-version").first()
    copy = EvaluationMatrix.objects.create(
        name=matrix.name, version=latest.version + 1, description=matrix.description
    )
    for c in matrix.criteria.all():
        copy.criteria.create(
            code=c.code, title=c.title, description=c.description, weight=c.weight, order=c.order
        )
    for level in matrix.levels.all():
        copy.levels.create(
            label=level.label,
            score=level.score,
            no_score=level.no_score,
            description=level.description,
        )
    return copy


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
    cycle = EvaluationCycle.objects.create(
        title=title,
        period_start=period_start,
        period_end=period_end,
        matrix=matrix,
        due_date=due_date,
    )
    criteria = list(matrix.criteria.all())
    for measure in measures_in_period(period_start, period_end):
        assessment = Assessment.objects.create(
            cycle=cycle, measure=measure, indicator_value=measure.indicator_current
        )
        for criterion in criteria:
            CriterionScore.objects.create(assessment=assessment, criterion=criterion)
    return cycle


DUE_BEFORE_START = _("Das Fälligkeitsdatum liegt vor dem Beginn des Zeitraums.")


def _serialise_cycle_starts() -> None:
    """Two starts at once (a double click) must not both pass the overlap check: on
    PostgreSQL, wait for the other start's transaction; SQLite allows one writer anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('evaluation.cycle_start'))")


@dataclass
class Rating:
    level: ScaleLevel | None
    justification: str = ""


class AssessmentConflict(Exception):  # noqa: N818 – a domain outcome, not a programming error
    """Someone else saved the assessment after the form was opened (optimistic locking)."""

    def __init__(self, *, assessment: Assessment, expected_version: int):
        self.assessment = assessment
        self.expected_version = expected_version
        super().__init__(
            f"assessment {assessment.pk}: version {assessment.version}, expected {expected_version}"
        )


def _check_writable(assessment: Assessment, expected_version: int | None = None) -> Assessment:
    """The assessment's row, locked until the end of the transaction; refused once final, once
    the cycle is closed or (``expected_version`` given) once someone else has saved it."""
    locked = Assessment.objects.select_for_update().select_related("cycle").get(pk=assessment.pk)
    if locked.state == AssessmentState.FINAL:
        raise ValidationError(
            _("Diese Bewertung ist abschließend und kann nicht mehr geändert werden.")
        )
    if locked.cycle.state == CycleState.CLOSED:
        raise ValidationError(
            _("Der Zyklus ist abgeschlossen; Bewertungen sind nicht mehr möglich.")
        )
    if expected_version is not None and locked.version != expected_version:
        raise AssessmentConflict(assessment=locked, expected_version=expected_version)
    return locked


def _stamp(obj, user) -> None:
    """The history names ``user`` as author (also outside a request, e.g. in commands)."""
    if user is not None:
        obj._history_user = user


def _write(assessment, *, user, ratings, indicator_value, recommendation, remarks) -> None:
    matrix_id = assessment.cycle.matrix_id
    scores = {s.criterion_id: s for s in assessment.scores.select_related("criterion")}
    for criterion_id, rating in ratings.items():
        score = scores.get(criterion_id)
        if score is None or score.criterion.matrix_id != matrix_id:
            raise ValidationError(_("Dieses Kriterium gehört nicht zur Matrix des Zyklus."))
        if rating.level is not None and rating.level.matrix_id != matrix_id:
            raise ValidationError(_("Diese Stufe gehört nicht zur Skala der Matrix."))
        level_id = rating.level.pk if rating.level else None
        if score.level_id != level_id or score.justification != rating.justification:
            score.level = rating.level
            score.justification = rating.justification
            _stamp(score, user)
            score.save()
    if recommendation and recommendation not in Recommendation.values:
        raise ValidationError(_("Unbekannte Empfehlung."))
    assessment.indicator_value = indicator_value
    assessment.recommendation = recommendation
    assessment.remarks = remarks


@transaction.atomic
def assessment_save_draft(
    *,
    assessment: Assessment,
    user,
    ratings: dict[int, Rating],
    indicator_value: Decimal | None,
    recommendation: str,
    remarks: str,
    expected_version: int | None = None,
) -> Assessment:
    """Save a (self-)assessment as a draft; refused once final or the cycle is closed.

    With ``expected_version`` (the version the form showed), refuse (``AssessmentConflict``)
    if someone has saved since: the form's values would silently undo that.
    """
    locked = _check_writable(assessment, expected_version)
    _write(
        locked,
        user=user,
        ratings=ratings,
        indicator_value=indicator_value,
        recommendation=recommendation,
        remarks=remarks,
    )
    locked.state = AssessmentState.DRAFT
    locked.drafted_by = user
    locked.drafted_at = timezone.now()
    locked.version += 1
    _stamp(locked, user)
    locked.save()
    return locked


@transaction.atomic
def assessment_finalise(
    *,
    assessment: Assessment,
    user,
    ratings: dict[int, Rating],
    indicator_value: Decimal | None,
    recommendation: str,
    remarks: str,
    expected_version: int | None = None,
) -> Assessment:
    """The coordinator's final assessment: every criterion rated, a recommendation given.

    ``expected_version`` as in ``assessment_save_draft``."""
    locked = _check_writable(assessment, expected_version)
    _write(
        locked,
        user=user,
        ratings=ratings,
        indicator_value=indicator_value,
        recommendation=recommendation,
        remarks=remarks,
    )
    errors = []
    if locked.scores.filter(level__isnull=True).exists():
        errors.append(
            _(
                "Für eine abschließende Bewertung braucht jedes Kriterium eine Stufe "
                "(oder „nicht bewertbar“)."
            )
        )
    if not recommendation:
        errors.append(_("Für eine abschließende Bewertung braucht es eine Empfehlung."))
    if errors:
        raise ValidationError(errors)
    locked.state = AssessmentState.FINAL
    locked.finalised_by = user
    locked.finalised_at = timezone.now()
    locked.version += 1
    _stamp(locked, user)
    locked.save()
    return locked


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
        assessment.version += 1
        _stamp(assessment, user)
        assessment.save()
    locked.state = CycleState.CLOSED
    locked.closed_at = timezone.now()
    locked.closed_by = user
    locked.save()
    transaction.on_commit(lambda: store_cycle_report.enqueue(locked.pk))
    cycle.refresh_from_db()
    return unfinished
