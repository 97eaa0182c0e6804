"""Writes with business meaning: matrices, cycles, assessments, the report PDF."""

from ..defaults import DEFAULT_MATRIX_NAME
from .assessments import (
    AssessmentConflict,
    Rating,
    assessment_finalise,
    assessment_save_draft,
)
from .cycles import (
    DUE_BEFORE_START,
    CycleHasOpenAssessments,
    cycle_add_missing_measures,
    cycle_close,
    cycle_missing_measures,
    cycle_start,
)
from .matrices import (
    MatrixConflict,
    MatrixLocked,
    matrix_copy,
    matrix_create,
    matrix_create_default,
    matrix_update,
    matrix_validate_scale,
)
from .reports import (
    ReportRequest,
    cycle_report_fail_lost,
    cycle_report_render,
    cycle_report_request,
)

__all__ = [
    "DEFAULT_MATRIX_NAME",
    "DUE_BEFORE_START",
    "AssessmentConflict",
    "CycleHasOpenAssessments",
    "MatrixConflict",
    "MatrixLocked",
    "Rating",
    "ReportRequest",
    "assessment_finalise",
    "assessment_save_draft",
    "cycle_add_missing_measures",
    "cycle_close",
    "cycle_missing_measures",
    "cycle_report_fail_lost",
    "cycle_report_render",
    "cycle_report_request",
    "cycle_start",
    "matrix_copy",
    "matrix_create",
    "matrix_create_default",
    "matrix_update",
    "matrix_validate_scale",
]
