"""Helpers to build matrices, cycles and assessments for the evaluation tests."""

from __future__ import annotations

import datetime

from evaluation import services
from evaluation.models import Assessment, EvaluationCycle, EvaluationMatrix

PERIOD = (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))


def default_matrix() -> EvaluationMatrix:
    return services.matrix_create_default()


def start_cycle(
    matrix: EvaluationMatrix | None = None,
    period: tuple[datetime.date, datetime.date] = PERIOD,
    title: str = "Evaluierung 2026–2027",
) -> EvaluationCycle:
    return services.cycle_start(
        title=title,
        period_start=period[0],
        period_end=period[1],
        matrix=matrix or default_matrix(),
        due_date=period[1] + datetime.timedelta(days=90),
    )


def ratings_by_code(assessment: Assessment, labels: dict[str, str], justification: str = ""):
    """{criterion id: Rating} from {"K1": "erreicht", ...}; criteria not named stay unrated."""
    levels = {level.label: level for level in assessment.cycle.matrix.levels.all()}
    criteria = {c.code: c for c in assessment.cycle.matrix.criteria.all()}
    return {
        criteria[code].pk: services.Rating(level=levels[label], justification=justification)
        for code, label in labels.items()
    }


ALL_REACHED = {f"K{i}": "erreicht" for i in range(1, 7)}


def finalise(assessment: Assessment, labels: dict[str, str] | None = None, user=None, **kw):
    labels = labels or ALL_REACHED
    return services.assessment_finalise(
        assessment=assessment,
        user=user,
        ratings=ratings_by_code(assessment, labels),
        indicator_value=kw.get("indicator_value"),
        recommendation=kw.get("recommendation", "continue"),
        remarks=kw.get("remarks", ""),
    )


def draft(assessment: Assessment, labels: dict[str, str], user=None, **kw):
    return services.assessment_save_draft(
        assessment=assessment,
        user=user,
        ratings=ratings_by_code(assessment, labels),
        indicator_value=kw.get("indicator_value"),
        recommendation=kw.get("recommendation", ""),
        remarks=kw.get("remarks", ""),
    )


def assessment_original(assessment: Assessment) -> str:
    """The hidden ``original`` the assessment form carries when opened now (core/conflicts.py)."""
    from evaluation.conflicts import assessment_token

    return assessment_token(assessment, list(assessment.cycle.matrix.criteria.all()))
