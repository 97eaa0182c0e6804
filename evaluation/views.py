"""Thin views of the evaluation: parse, check permission, call a service or a query, render."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import conflicts, report, services
from .charts import fields_chart, recommendations_chart
from .forms import (
    AssessmentForm,
    CriterionInlineFormSet,
    CycleCloseForm,
    CycleForm,
    MatrixForm,
    ScaleLevelInlineFormSet,
)
from .models import Assessment, AssessmentState, EvaluationCycle, EvaluationMatrix
from .results import cycle_progress, cycle_results

logger = logging.getLogger(__name__)


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _cycle_for(user, pk) -> EvaluationCycle:
    """The cycle, or 404 if ``user`` may not even see it."""
    return get_object_or_404(
        EvaluationCycle.objects.visible_to(user).select_related("matrix"), pk=pk
    )


def _assessment_for(user, pk) -> Assessment:
    try:
        return (
            Assessment.objects.visible_to(user)
            .with_related()
            .select_related("cycle__matrix", "drafted_by", "finalised_by")
            .get(pk=pk)
        )
    except Assessment.DoesNotExist:
        raise Http404 from None


def _fail(form, error: ValidationError):
    """A service's refusal at the form: at the fields it names, otherwise at the top."""
    if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
        form.add_error(None, error)
        return
    for message in error.messages:
        form.add_error(None, message)


@login_required
def index(request):
    cycles = EvaluationCycle.objects.visible_to(request.user).select_related("matrix")
    cycles = cycles.annotate(n=Count("assessments"))
    return render(request, "evaluation/index.html", {"cycles": cycles})


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
    context = {
        "matrix": matrix,
        "criteria": matrix.criteria.all(),
        "levels": matrix.levels.all(),
        # The lock note names every cycle; only those the user may open are links.
        "cycles": [
            {"cycle": cycle, "can_view": request.user.has_perm("evaluation.view_cycle", cycle)}
            for cycle in matrix.cycles.all()
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


def _matrix_form(request, matrix):
    data = request.POST if request.method == "POST" else None
    instance = matrix or EvaluationMatrix()
    form = MatrixForm(data, instance=instance)
    criteria = CriterionInlineFormSet(data, instance=instance, prefix="criteria")
    levels = ScaleLevelInlineFormSet(data, instance=instance, prefix="levels")
    if data is not None and form.is_valid() and criteria.is_valid() and levels.is_valid():
        try:
            if matrix is None:
                form.instance = services.matrix_create(
                    form=form, criteria_formset=criteria, levels_formset=levels
                )
            else:
                services.matrix_update(
                    matrix=matrix, form=form, criteria_formset=criteria, levels_formset=levels
                )
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(request, _("Die Matrix ist gespeichert."))
            return redirect(form.instance)
    context = {"matrix": matrix, "form": form, "criteria": criteria, "levels": levels}
    return render(request, "evaluation/matrix_form.html", context)


@login_required
def matrix_create(request):
    _require(request.user, "evaluation.manage_matrix")
    return _matrix_form(request, None)


@login_required
def matrix_update(request, pk):
    matrix = get_object_or_404(EvaluationMatrix, pk=pk)
    _require(request.user, "evaluation.change_matrix", matrix)
    return _matrix_form(request, matrix)


@login_required
def cycle_create(request):
    _require(request.user, "evaluation.manage_cycle")
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.cycle_start(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            _fail(form, error)
        else:
            messages.success(
                request,
                _("Der Zyklus ist gestartet: %(n)d Maßnahmen sind zu bewerten.")
                % {"n": cycle.assessments.count()},
            )
            return redirect(cycle)
    context = {"form": form, "has_matrix": EvaluationMatrix.objects.exists()}
    return render(request, "evaluation/cycle_form.html", context)


@login_required
def cycle_detail(request, pk):
    cycle = _cycle_for(request.user, pk)
    _require(request.user, "evaluation.view_cycle", cycle)
    user = request.user
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(cycle=cycle)
        .with_related()
        .order_by("measure__action_field__number", "measure__number")
    )
    is_manager = user.has_perm("evaluation.manage_cycle")
    context = {
        "cycle": cycle,
        "assessments": assessments,
        "progress": cycle_progress(cycle) if is_manager else None,
        "can_close": user.has_perm("evaluation.close_cycle", cycle),
        "can_see_results": user.has_perm("evaluation.view_results", cycle),
        "can_draft": cycle.state == "open" and (is_manager or user.memberships.exists()),
    }
    return render(request, "evaluation/cycle_detail.html", context)


@login_required
def cycle_close(request, pk):
    cycle = _cycle_for(request.user, pk)
    _require(request.user, "evaluation.close_cycle", cycle)
    unfinished = (
        cycle.assessments.exclude(state=AssessmentState.FINAL)
        .with_related()
        .order_by("measure__action_field__number", "measure__number")
    )
    data = request.POST if request.method == "POST" else None
    form = CycleCloseForm(data, unfinished=len(unfinished))
    if request.method == "POST" and form.is_valid():
        try:
            left_open = services.cycle_close(
                cycle=cycle, user=request.user, close_open=form.cleaned_data["close_open"]
            )
        except services.CycleHasOpenAssessments as exc:
            form.add_error("close_open", exc)
        except ValidationError as exc:
            _fail(form, exc)
        else:
            if left_open:
                messages.warning(
                    request,
                    _("Der Zyklus ist abgeschlossen; %(n)d Maßnahmen sind „nicht bewertet“.")
                    % {"n": len(left_open)},
                )
            else:
                messages.success(request, _("Der Zyklus ist abgeschlossen."))
            return redirect(cycle)
    context = {"cycle": cycle, "unfinished": unfinished, "form": form}
    return render(request, "evaluation/cycle_close.html", context)


def _results_context(request, pk):
    cycle = _cycle_for(request.user, pk)
    _require(request.user, "evaluation.view_results", cycle)
    results = cycle_results(cycle)
    return {
        "cycle": cycle,
        "results": results,
        "fields_chart": fields_chart(results),
        "recommendations_chart": recommendations_chart(results),
    }


@login_required
def cycle_results_view(request, pk):
    return render(request, "evaluation/cycle_results.html", _results_context(request, pk))


@login_required
def cycle_report(request, pk):
    return render(request, "evaluation/cycle_report.html", _results_context(request, pk))


@login_required
def cycle_report_pdf(request, pk):
    """The stored report of a closed cycle; rendered on the spot while it runs (a preview) or
    until the worker has stored it."""
    cycle = _cycle_for(request.user, pk)
    _require(request.user, "evaluation.view_results", cycle)
    if cycle.is_closed and cycle.report_pdf:
        # The download name comes from the title, not from the storage (which may add a suffix)
        name = report.report_filename(cycle)
        try:
            stored = cycle.report_pdf.open("rb")
        except FileNotFoundError:
            logger.warning("Stored report %s is missing; rendering it anew", cycle.report_pdf.name)
        else:
            return FileResponse(stored, content_type=report.MIMETYPE, filename=name)
    filename, mimetype, content = report.render(cycle)
    response = HttpResponse(content, content_type=mimetype)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def assessment_detail(request, pk):
    assessment = _assessment_for(request.user, pk)
    _require(request.user, "evaluation.view_assessment", assessment)
    scores = assessment.scores.select_related("criterion", "level").order_by(
        "criterion__order", "criterion__pk"
    )
    context = {
        "assessment": assessment,
        "scores": scores,
        "can_draft": request.user.has_perm("evaluation.draft_assessment", assessment),
        "history": assessment.history.select_related("history_user").order_by("-history_date"),
    }
    return render(request, "evaluation/assessment_detail.html", context)


@login_required
def assessment_update(request, pk):
    assessment = _assessment_for(request.user, pk)
    _require(request.user, "evaluation.draft_assessment", assessment)
    matrix = assessment.cycle.matrix
    criteria = list(matrix.criteria.all())
    levels = list(matrix.levels.all())
    form = AssessmentForm(
        request.POST or None, assessment=assessment, criteria=criteria, levels=levels
    )
    can_finalise = request.user.has_perm("evaluation.finalise_assessment", assessment)
    conflict, status = None, 200
    if request.method == "POST":
        finalise = "finalise" in request.POST
        if finalise and not can_finalise:
            raise PermissionDenied
        if form.is_valid():
            service = services.assessment_finalise if finalise else services.assessment_save_draft
            try:
                service(
                    assessment=assessment,
                    user=request.user,
                    ratings=form.ratings(),
                    indicator_value=form.cleaned_data["indicator_value"],
                    recommendation=form.cleaned_data["recommendation"],
                    remarks=form.cleaned_data["remarks"],
                    expected_version=form.expected_version(),
                )
            except services.AssessmentConflict as refused:
                # Keep the user's inputs; fields they left alone show the stored values now.
                conflict = conflicts.resolve(
                    current=refused.assessment,
                    expected_version=refused.expected_version,
                    criteria=criteria,
                    levels=form.levels,
                    submitted=form.submitted_values(),
                    original=form.original_values(),
                    data=form.data,
                )
                form.data = conflict.data
                assessment.state = refused.assessment.state
                status = 409
            except ValidationError as error:
                _fail(form, error)
            else:
                messages.success(
                    request,
                    _("Die Bewertung ist abschließend gespeichert.")
                    if finalise
                    else _("Der Entwurf ist gespeichert."),
                )
                return redirect(assessment)
    context = {
        "assessment": assessment,
        "form": form,
        "can_finalise": can_finalise,
        "conflict": conflict,
    }
    return render(request, "evaluation/assessment_form.html", context, status=status)
