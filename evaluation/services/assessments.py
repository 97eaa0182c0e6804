"""Writes on assessments: drafts (self-assessment) and the final assessment, with optimistic
locking against stale forms."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.conflicts import EditConflict, check_version
from measures.models import MeasureStatus

from ..models import (
    Assessment,
    AssessmentState,
    CycleState,
    Recommendation,
    ScaleLevel,
)
from ..scoring import needs_explanation, points_of
from .history import stamp as _stamp

LOW_POINTS_NEED_EXPLANATION = gettext_lazy(
    "Weniger als 30 Punkte: Bitte in den Bemerkungen erläutern, woran es lag; die Erläuterung "
    "steht im Evaluierungsbericht."
)
OVERRIDE_NEEDS_REASON = gettext_lazy(
    "Sie weichen von der aus dem Indikator vorgeschlagenen Stufe ab: Bitte nennen Sie den "
    "Grund für die Abweichung."
)
CANCELLED_NEEDS_REASON = gettext_lazy(
    "Die Maßnahme ist abgebrochen: Sie wird nicht gewertet, aber der Grund des Abbruchs gehört "
    "in die Bemerkungen."
)


@dataclass
class Rating:
    level: ScaleLevel | None
    justification: str = ""
    # the indicator criterion: the level proposed from g, its formula, the override's reason
    proposed_level: ScaleLevel | None = None
    proposal: str = ""
    override_reason: str = ""

    @property
    def overrides(self) -> bool:
        return (
            self.proposed_level is not None
            and self.level is not None
            and self.level.pk != self.proposed_level.pk
        )


class AssessmentConflict(EditConflict):
    """Someone else saved the assessment after the form was opened (``core.conflicts``)."""

    subject = gettext_lazy("diese Bewertung")

    @property
    def assessment(self) -> Assessment:
        return self.current


def _check_writable(assessment: Assessment, expected_version: int | None = None) -> Assessment:
    """The assessment's row, locked until the end of the transaction; refused once final, once
    the cycle is closed or (``expected_version`` given) once someone else has saved it."""
    locked = (
        # the cycle's row too (a close waits for this save); not the measure's
        Assessment.objects.select_for_update(of=("self", "cycle"))
        .select_related("cycle", "measure")
        .get(pk=assessment.pk)
    )
    if locked.state == AssessmentState.FINAL:
        raise ValidationError(
            _("Diese Bewertung ist abschließend und kann nicht mehr geändert werden.")
        )
    if locked.cycle.state == CycleState.CLOSED:
        raise ValidationError(
            _("Der Zyklus ist abgeschlossen; Bewertungen sind nicht mehr möglich.")
        )
    check_version(locked, expected_version, AssessmentConflict)
    return locked


def _write(assessment, *, user, ratings, indicator_value, recommendation, remarks) -> list:
    """Apply the form's values to ``assessment`` (saved by the caller) and save the changed
    criterion scores; returns all its scores, with criterion and level, as now."""
    matrix_id = assessment.cycle.matrix_id
    scores = {s.criterion_id: s for s in assessment.scores.select_related("criterion", "level")}
    for criterion_id, rating in ratings.items():
        score = scores.get(criterion_id)
        if score is None or score.criterion.matrix_id != matrix_id:
            raise ValidationError(_("Dieses Kriterium gehört nicht zur Matrix des Zyklus."))
        if rating.level is not None and rating.level.matrix_id != matrix_id:
            raise ValidationError(_("Diese Stufe gehört nicht zur Skala der Matrix."))
        if rating.overrides and not rating.override_reason.strip():
            raise ValidationError(OVERRIDE_NEEDS_REASON)
        level_id = rating.level.pk if rating.level else None
        proposed_id = rating.proposed_level.pk if rating.proposed_level else None
        reason = rating.override_reason if rating.overrides else ""
        new = (level_id, rating.justification, proposed_id, rating.proposal, reason)
        old = (
            score.level_id,
            score.justification,
            score.proposed_level_id,
            score.proposal,
            score.override_reason,
        )
        if new != old:
            score.level = rating.level
            score.justification = rating.justification
            score.proposed_level = rating.proposed_level
            score.proposal = rating.proposal
            score.override_reason = reason
            _stamp(score, user)
            score.save()
    if recommendation and recommendation not in Recommendation.values:
        raise ValidationError(_("Unbekannte Empfehlung."))
    assessment.indicator_value = indicator_value
    assessment.recommendation = recommendation
    assessment.remarks = remarks
    return list(scores.values())


def _lock_and_write(assessment, expected_version, **values) -> tuple[Assessment, list]:
    """The assessment's locked row with the form's values applied, and its scores."""
    locked = _check_writable(assessment, expected_version)
    return locked, _write(locked, **values)


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
    locked, _scores = _lock_and_write(
        assessment,
        expected_version,
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
    locked, scores = _lock_and_write(
        assessment,
        expected_version,
        user=user,
        ratings=ratings,
        indicator_value=indicator_value,
        recommendation=recommendation,
        remarks=remarks,
    )
    errors = []
    if any(score.level_id is None for score in scores):
        errors.append(
            _(
                "Für eine abschließende Bewertung braucht jedes Kriterium eine Stufe "
                "(oder „nicht bewertbar“)."
            )
        )
    if not recommendation:
        errors.append(_("Für eine abschließende Bewertung braucht es eine Empfehlung."))
    cancelled = locked.measure.status == MeasureStatus.CANCELLED
    if cancelled and not remarks.strip():
        errors.append(CANCELLED_NEEDS_REASON)
    elif not remarks.strip():
        rated = [(score.criterion.weight, score.level) for score in scores]
        if needs_explanation(points_of(rated, locked.cycle.matrix.levels.all())):
            errors.append(LOW_POINTS_NEED_EXPLANATION)
    if errors:
        raise ValidationError(errors)
    locked.state = AssessmentState.FINAL
    locked.action_field_id = locked.measure.action_field_id  # the results count it here
    locked.measure_cancelled = cancelled  # not scored (the default matrix's rule)
    locked.finalised_by = user
    locked.finalised_at = timezone.now()
    locked.version += 1
    _stamp(locked, user)
    locked.save()
    return locked
