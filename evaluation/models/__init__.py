"""Evaluation: matrices (criteria, weights, scale), cycles, assessments and their scores."""

from .assessment import (
    Assessment,
    AssessmentQuerySet,
    AssessmentState,
    CriterionScore,
    Recommendation,
)
from .cycle import CycleState, EvaluationCycle, EvaluationCycleQuerySet, ReportState
from .matrix import Criterion, EvaluationMatrix, ScaleLevel

__all__ = [
    "Assessment",
    "AssessmentQuerySet",
    "AssessmentState",
    "Criterion",
    "CriterionScore",
    "CycleState",
    "EvaluationCycle",
    "EvaluationCycleQuerySet",
    "EvaluationMatrix",
    "Recommendation",
    "ReportState",
    "ScaleLevel",
]
