"""Demo data of the evaluation: the default matrix, a closed previous cycle with final
assessments and a running current cycle (some final, some drafted, the rest open), so the
results page compares real numbers with the previous cycle.

Ratings are derived from each measure's status and progress plus a stable variation per
measure number: plausible, reproducible, and slightly better in the current cycle.
"""

from __future__ import annotations

import datetime
import hashlib

from django.db import transaction

from concept.models import User
from measures.models import MeasureStatus

from . import services
from .models import (
    Assessment,
    AssessmentState,
    EvaluationCycle,
    EvaluationMatrix,
    Recommendation,
)

NO_SCORE = "nicht bewertbar"


def _variation(number: str, code: str, salt: str) -> int:
    digest = hashlib.sha256(f"{number}|{code}|{salt}".encode()).digest()
    return digest[0] % 4  # 0..3


def _level_label(measure, code: str, salt: str, bonus: int) -> str:
    labels = ["nicht erreicht", "teilweise erreicht", "überwiegend erreicht", "erreicht"]
    if measure.status == MeasureStatus.PLANNED and code in ("K1", "K3", "K4"):
        return NO_SCORE
    if code == "K1":
        base = min(3, measure.progress // 30)
    elif code == "K2":
        base = {MeasureStatus.DELAYED: 1, MeasureStatus.PLANNED: 2}.get(measure.status, 3)
    else:
        base = 1 + (_variation(measure.number, code, salt) + 1) // 2  # 1..3
    if _variation(measure.number, code, salt + "x") == 0:
        base -= 1
    if code in ("K5", "K6") and _variation(measure.number, code, salt + "nb") == 3:
        return NO_SCORE
    return labels[max(0, min(3, base + bonus))]


def _recommendation(measure) -> str:
    if measure.status == MeasureStatus.COMPLETED:
        return Recommendation.COMPLETE
    if measure.status == MeasureStatus.DELAYED:
        return Recommendation.ADAPT
    if _variation(measure.number, "R", "rec") == 0:
        return Recommendation.ADAPT
    return Recommendation.CONTINUE


def _rate(assessment, *, user, salt, bonus, finalise):
    levels = {level.label: level for level in assessment.cycle.matrix.levels.all()}
    measure = assessment.measure
    ratings = {
        s.criterion_id: services.Rating(
            level=levels[_level_label(measure, s.criterion.code, salt, bonus)],
            justification="Laut Sachstandsberichten und Rückmeldung des Akteurs.",
        )
        for s in assessment.scores.select_related("criterion")
    }
    service = services.assessment_finalise if finalise else services.assessment_save_draft
    service(
        assessment=assessment,
        user=user,
        ratings=ratings,
        indicator_value=measure.indicator_current,
        recommendation=_recommendation(measure),
        remarks="",
    )


def _matrix() -> EvaluationMatrix:
    matrix = EvaluationMatrix.objects.filter(name=services.DEFAULT_MATRIX_NAME).first()
    return matrix or services.matrix_create_default()


@transaction.atomic
def load(*, log) -> None:
    coordinator = User.objects.filter(username="koordination").first()
    matrix = _matrix()
    today = datetime.date.today()
    current_start = datetime.date(today.year - 1, 1, 1)
    previous_start = datetime.date(today.year - 3, 1, 1)
    created = 0

    previous_title = f"Evaluierung {previous_start.year}–{previous_start.year + 1}"
    if not EvaluationCycle.objects.filter(title=previous_title).exists():
        previous = services.cycle_start(
            title=previous_title,
            period_start=previous_start,
            period_end=current_start - datetime.timedelta(days=1),
            matrix=matrix,
            due_date=datetime.date(current_start.year, 3, 31),
            user=coordinator,
        )
        assessments = list(previous.assessments.with_related().order_by("measure__number"))
        for a in assessments[:-1]:  # the last one is left "nicht bewertet"
            _rate(a, user=coordinator, salt="prev", bonus=0, finalise=True)
        services.cycle_close(cycle=previous, user=coordinator, close_open=True)
        created += 1

    current_title = f"Evaluierung {current_start.year}–{current_start.year + 1}"
    if not EvaluationCycle.objects.filter(title=current_title).exists():
        current = services.cycle_start(
            title=current_title,
            period_start=current_start,
            period_end=datetime.date(current_start.year + 1, 12, 31),
            matrix=matrix,
            due_date=datetime.date(current_start.year + 2, 3, 31),
            user=coordinator,
        )
        assessments = list(current.assessments.with_related().order_by("measure__number"))
        for i, a in enumerate(assessments):
            member = a.measure.lead_actor.members.first() if a.measure.lead_actor else None
            if i % 3 == 0:
                _rate(a, user=coordinator, salt="cur", bonus=0, finalise=True)
            elif i % 3 == 1 and member is not None:
                _rate(a, user=member, salt="cur", bonus=0, finalise=False)
        created += 1

    counts = Assessment.objects.state_counts()
    log(
        f"Evaluierung: {created} Zyklen neu, {EvaluationCycle.objects.count()} insgesamt; "
        f"Bewertungen abschließend: {counts.get(AssessmentState.FINAL, 0)}, "
        f"Entwurf: {counts.get(AssessmentState.DRAFT, 0)}, "
        f"offen: {counts.get(AssessmentState.OPEN, 0)}."
    )
