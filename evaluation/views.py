"""Thin views of the evaluation: parse, check permission, call a service or a query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.lookup import get_for_user

from . import conflicts, services
from .charts import fields_chart, recommendations_chart
from .forms import (
    AssessmentForm,
    CycleCloseForm,
    CycleForm,
)
from .indicator import proposals_for
from .models import Assessment, AssessmentState, EvaluationCycle, EvaluationMatrix
from .results import cycle_progress, cycle_results


def _require(user, perm, obj=None):
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def cycles_for(user):
    """The cycles ``user`` may see (others are 404), with their matrix."""
    return EvaluationCycle.objects.visible_to(user).select_related("matrix")


def assessments_for(user):
    """The assessments ``user`` may see (others are 404), with what their page shows."""
    return (
        Assessment.objects.visible_to(user)
        .with_related()
        .select_related("cycle__matrix", "drafted_by", "finalised_by")
    )


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


def assessments_heading(user) -> tuple[str, str]:
    """The heading and caption of a cycle's assessment list, fitting the user's role: the
    coordination sees all, an actor their measures, the council (no measures) the closed
    cycle's assessments."""
    if user.has_perm("evaluation.manage_cycle"):
        return _("Alle Bewertungen"), _("Alle Bewertungen in diesem Zyklus")
    if user.memberships.exists():
        return (
            _("Bewertungen Ihrer Maßnahmen"),
            _("Bewertungen der Maßnahmen, die Ihre Organisation federführend verantwortet"),
        )
    return _("Bewertungen der Maßnahmen"), _("Bewertungen der Maßnahmen in diesem Zyklus")


@login_required
def cycle_detail(request, pk):
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
    _require(request.user, "evaluation.view_cycle", cycle)
    user = request.user
    assessments = (
        Assessment.objects.visible_to(user)
        .filter(cycle=cycle)
        .with_related()
        .order_by("measure__action_field__number", "measure__number")
    )
    is_manager = user.has_perm("evaluation.manage_cycle")
    can_extend = user.has_perm("evaluation.extend_cycle", cycle)
    heading, caption = assessments_heading(user)
    context = {
        "assessments_heading": heading,
        "assessments_caption": caption,
        "missing": services.cycle_missing_measures(cycle) if can_extend else [],
        "cycle": cycle,
        "assessments": assessments,
        "progress": cycle_progress(cycle) if is_manager else None,
        "can_close": user.has_perm("evaluation.close_cycle", cycle),
        "can_see_results": user.has_perm("evaluation.view_results", cycle),
        "can_draft": cycle.state == "open" and (is_manager or user.memberships.exists()),
    }
    return render(request, "evaluation/cycle_detail.html", context)


@login_required
@require_POST
def cycle_add_missing(request, pk):
    """Measures of the period entered after the cycle began get their (open) assessment."""
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
    _require(request.user, "evaluation.extend_cycle", cycle)
    try:
        added = services.cycle_add_missing_measures(cycle=cycle, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(n)d Maßnahmen sind nachgetragen.") % {"n": len(added)})
    return redirect(cycle)


@login_required
def cycle_close(request, pk):
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
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
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
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
def assessment_detail(request, pk):
    assessment = get_for_user(assessments_for(request.user), request.user, pk=pk)
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


def _closed_meanwhile(assessment) -> str:
    if assessment.is_final:
        return _(
            "Diese Bewertung ist inzwischen abschließend (%(who)s, %(when)s) und kann nicht mehr "
            "geändert werden. Ihre Eingaben stehen unten, gespeichert wurde nichts."
        ) % {
            "who": assessment.finalised_by or _("unbekannt"),
            "when": formats.date_format(timezone.localtime(assessment.finalised_at), "d.m.Y H:i")
            if assessment.finalised_at
            else "–",
        }
    return _(
        "Der Zyklus ist inzwischen abgeschlossen; Bewertungen sind nicht mehr möglich. Ihre "
        "Eingaben stehen unten, gespeichert wurde nichts."
    )


@login_required
def assessment_update(request, pk):
    assessment = get_for_user(assessments_for(request.user), request.user, pk=pk)
    if request.method == "POST":
        # The assessment may have become final, or the cycle closed, while the form was open:
        # the form answers that with every input kept instead of a bare 403.
        _require(request.user, "evaluation.author_assessment", assessment)
    else:
        _require(request.user, "evaluation.draft_assessment", assessment)
    editable = request.user.has_perm("evaluation.draft_assessment", assessment)
    matrix = assessment.cycle.matrix
    criteria = list(matrix.criteria.all())
    levels = list(matrix.levels.all())
    form = AssessmentForm(
        request.POST or None,
        assessment=assessment,
        criteria=criteria,
        levels=levels,
        proposals=proposals_for(assessment, criteria, levels),
    )
    can_finalise = request.user.has_perm("evaluation.finalise_assessment", assessment)
    conflict, status = None, 200
    if request.method == "POST":
        finalise = "finalise" in request.POST
        if finalise and not request.user.has_perm("evaluation.manage_cycle"):
            raise PermissionDenied
        if not editable:
            form.add_error(None, _closed_meanwhile(assessment))
            status = 409
        elif form.is_valid() and (not finalise or form.check_complete()):
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
                # the user's inputs kept, fields they left alone as stored now
                conflict = conflicts.rebase_assessment_form(form, refused)
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
        "editable": editable,
        "conflict": conflict,
    }
    return render(request, "evaluation/assessment_form.html", context, status=status)
