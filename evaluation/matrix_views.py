"""Thin views of the matrices: list, detail, default, copy, and the form (create and edit)
that never loses input: a stale form or a matrix locked meanwhile is answered with 409 and
every input kept (``matrix_edits.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.conflicts import read_original

from . import matrix_edits, services
from .forms import CriterionInlineFormSet, MatrixForm, ScaleLevelInlineFormSet
from .models import EvaluationCycle, EvaluationMatrix
from .views import _fail, _require


@login_required
def matrix_list(request):
    _require(request.user, "evaluation.view_matrix")
    matrices = EvaluationMatrix.objects.annotate(
        n_criteria=Count("criteria", distinct=True), n_cycles=Count("cycles", distinct=True)
    )
    return render(request, "evaluation/matrix_list.html", {"matrices": matrices})


@login_required
def matrix_detail(request, pk):
    _require(request.user, "evaluation.view_matrix")
    matrix = get_object_or_404(EvaluationMatrix, pk=pk)
    # The lock note names every cycle; only those the user may open are links (one query for
    # all: EvaluationCycle.objects.visible_to agrees with evaluation.view_cycle).
    visible = set(
        EvaluationCycle.objects.visible_to(request.user)
        .filter(matrix=matrix)
        .values_list("pk", flat=True)
    )
    context = {
        "matrix": matrix,
        "criteria": matrix.criteria.all(),
        "levels": matrix.levels.all(),
        "cycles": [
            {"cycle": cycle, "can_view": cycle.pk in visible} for cycle in matrix.cycles.all()
        ],
        "can_change": request.user.has_perm("evaluation.change_matrix", matrix),
        "can_copy": request.user.has_perm("evaluation.manage_matrix"),
    }
    return render(request, "evaluation/matrix_detail.html", context)


@login_required
@require_POST
def matrix_create_default(request):
    _require(request.user, "evaluation.manage_matrix")
    matrix = services.matrix_create_default(user=request.user)
    messages.success(request, _("Die Standardmatrix ist angelegt."))
    return redirect(matrix)


@login_required
@require_POST
def matrix_copy(request, pk):
    _require(request.user, "evaluation.manage_matrix")
    matrix = get_object_or_404(EvaluationMatrix, pk=pk)
    copy = services.matrix_copy(matrix=matrix, user=request.user)
    messages.success(
        request, _("Version %(v)d ist angelegt und kann bearbeitet werden.") % {"v": copy.version}
    )
    return redirect("evaluation:matrix_update", pk=copy.pk)


def _matrix_forms(data, instance):
    return (
        MatrixForm(data, instance=instance),
        CriterionInlineFormSet(data, instance=instance, prefix="criteria"),
        ScaleLevelInlineFormSet(data, instance=instance, prefix="levels"),
    )


def _save_matrix(matrix, form, criteria, levels) -> EvaluationMatrix:
    if matrix is None:
        return services.matrix_create(form=form, criteria_formset=criteria, levels_formset=levels)
    services.matrix_update(
        matrix=matrix,
        form=form,
        criteria_formset=criteria,
        levels_formset=levels,
        original=form.cleaned_data["original"],
    )
    return matrix


def _matrix_form(request, matrix):
    """Create or edit a matrix. A stale form (someone saved meanwhile) or a matrix locked
    meanwhile (a cycle started) is refused with 409 and shown again with every input kept;
    a locked one can be saved as a new version instead (``as_new_version``)."""
    data = request.POST if request.method == "POST" else None
    if data is not None and matrix is not None and "as_new_version" in data:
        data, matrix = matrix_edits.as_new_version(data), None
    form, criteria, levels = _matrix_forms(data, matrix or EvaluationMatrix())
    refused = None
    if data is not None:
        original = read_original(data.get("original"))
        if matrix is not None and matrix.is_locked:
            refused = services.MatrixLocked()
        elif matrix is not None and matrix_edits.is_stale(original, matrix):
            refused = services.MatrixConflict(current=matrix)  # before the rows (some are gone)
        elif form.is_valid() and criteria.is_valid() and levels.is_valid():
            try:
                saved = _save_matrix(matrix, form, criteria, levels)
            except (services.MatrixLocked, services.MatrixConflict) as error:
                refused = error
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(request, _("Die Matrix ist gespeichert."))
                return redirect(saved)
    conflict = None
    if isinstance(refused, services.MatrixConflict):
        matrix.refresh_from_db()
        data, conflict = matrix_edits.rebase(
            data, matrix, original, form=form, criteria=criteria, levels=levels
        )
        form, criteria, levels = _matrix_forms(data, matrix)
    locked = isinstance(refused, services.MatrixLocked)
    context = {
        "matrix": matrix,
        "form": form,
        "criteria": criteria,
        "levels": levels,
        "refused": refused,
        "locked": locked,
        "conflict": conflict,
        "last_save": matrix_edits.last_save(matrix) if locked else None,
    }
    status = 409 if refused else 200
    return render(request, "evaluation/matrix_form.html", context, status=status)


@login_required
def matrix_create(request):
    _require(request.user, "evaluation.manage_matrix")
    return _matrix_form(request, None)


@login_required
def matrix_update(request, pk):
    matrix = get_object_or_404(EvaluationMatrix, pk=pk)
    if request.method == "POST":
        # A cycle may have locked the matrix while the form was open: the form answers that
        # (input kept, "save as new version") instead of a bare 403.
        _require(request.user, "evaluation.manage_matrix")
    else:
        _require(request.user, "evaluation.change_matrix", matrix)
    return _matrix_form(request, matrix)
