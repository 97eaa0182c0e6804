"""Writes on matrices: the default matrix, create, update (refused once a cycle uses it or
when the form is stale), copy as the next version."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.conflicts import EditConflict, Original

from .. import matrix_edits
from ..defaults import DEFAULT_CRITERIA, DEFAULT_LEVELS, DEFAULT_MATRIX_NAME
from ..models import Criterion, EvaluationMatrix, ScaleLevel
from .history import stamp


class MatrixLocked(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Diese Matrix wird von einem Evaluierungszyklus verwendet und kann nicht mehr "
                "geändert werden. Legen Sie eine Kopie für den nächsten Zyklus an."
            ),
            code="locked",
        )


class MatrixConflict(EditConflict):
    """Someone else saved the matrix after the form was opened, or the form came without its
    snapshot (``core.conflicts``)."""

    subject = gettext_lazy("diese Matrix")


def _lock_matrix(matrix: EvaluationMatrix, original: Original) -> EvaluationMatrix:
    locked = EvaluationMatrix.objects.select_for_update().get(pk=matrix.pk)
    if locked.is_locked:
        raise MatrixLocked()
    if matrix_edits.is_stale(original, locked):
        raise MatrixConflict(current=locked)
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
    matrix = _saved(
        EvaluationMatrix(
            name=DEFAULT_MATRIX_NAME,
            version=_next_version(DEFAULT_MATRIX_NAME),
            description=_(
                "Sechs gewichtete Kriterien, vierstufige Skala (3 = erreicht … 0 = nicht "
                "erreicht) und „nicht bewertbar“. Punkte = Σ(Gewicht × Stufe) / Σ(Gewicht × 3) "
                "× 100."
            ),
        ),
        user,
    )
    for order, (code, title, weight, description) in enumerate(DEFAULT_CRITERIA, start=1):
        criterion = Criterion(
            matrix=matrix,
            code=code,
            title=title,
            weight=Decimal(weight),
            description=description,
            order=order,
        )
        _saved(criterion, user)
    for label, score, no_score, description in DEFAULT_LEVELS:
        level = ScaleLevel(
            matrix=matrix, label=label, score=score, no_score=no_score, description=description
        )
        _saved(level, user)
    return matrix


def _saved(obj, user):
    """``obj`` saved, its history naming ``user`` (also outside a request)."""
    stamp(obj, user)
    obj.save()
    return obj


def _next_version(name: str) -> int:
    latest = EvaluationMatrix.objects.filter(name=name).order_by("-version").first()
    return latest.version + 1 if latest else 1


@transaction.atomic
def matrix_create(*, form, criteria_formset, levels_formset) -> EvaluationMatrix:
    """A new matrix from valid forms (name, criteria, scale); a name that exists already gets
    the next version of that name."""
    form.instance.version = _next_version(form.cleaned_data["name"])
    matrix = form.save()
    criteria_formset.instance = matrix
    levels_formset.instance = matrix
    criteria_formset.save()
    levels_formset.save()
    matrix_validate_scale(matrix=matrix)
    return matrix


@transaction.atomic
def matrix_update(
    *,
    matrix: EvaluationMatrix,
    form,
    criteria_formset,
    levels_formset,
    original: Original,
) -> None:
    """Save a matrix and its criteria and levels from valid forms; refuse once locked, and
    refuse (``MatrixConflict``) if the matrix differs from ``original`` (the form's snapshot
    when it was opened, ``matrix_edits.snapshot``): someone else has saved it since, or the
    form came without its snapshot."""
    _lock_matrix(matrix, original)
    form.save()
    criteria_formset.save()
    levels_formset.save()
    matrix_validate_scale(matrix=matrix)


@transaction.atomic
def matrix_copy(*, matrix: EvaluationMatrix, user=None) -> EvaluationMatrix:
    """A new, editable version of ``matrix`` (the next free version number of its name)."""
    copy = EvaluationMatrix(
        name=matrix.name, version=_next_version(matrix.name), description=matrix.description
    )
    _saved(copy, user)
    for c in matrix.criteria.all():
        criterion = Criterion(
            matrix=copy,
            code=c.code,
            title=c.title,
            description=c.description,
            weight=c.weight,
            order=c.order,
        )
        _saved(criterion, user)
    for level in matrix.levels.all():
        new_level = ScaleLevel(
            matrix=copy,
            label=level.label,
            score=level.score,
            no_score=level.no_score,
            description=level.description,
        )
        _saved(new_level, user)
    return copy
