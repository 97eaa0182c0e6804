"""The evaluation report: the HTML page with the state of its PDF (also as JSON, polled by the
page while the PDF is pending), the request to render the PDF (a task does it, never the
request) and the download of the stored file."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.lookup import get_for_user

from . import report, services
from .models import ReportState
from .report_status import report_status
from .views import _require, _results_context, cycles_for

logger = logging.getLogger(__name__)


def _pdf_section(pk: int) -> str:
    return reverse("evaluation:cycle_report", args=[pk]) + "#pdf"


@login_required
def cycle_report(request, pk):
    context = _results_context(request, pk)
    cycle = context["cycle"]
    context["report"] = report_status(cycle)
    context["can_request_report"] = request.user.has_perm("evaluation.request_report", cycle)
    return render(request, "evaluation/cycle_report.html", context)


@login_required
@never_cache
def cycle_report_state(request, pk):
    """The state of the report PDF as the page shows it, as JSON: polled by
    static/js/pdf-state.js while the report is pending, which reloads the page once it is not
    (done, failed, or lost with its task). Same permission as the report page."""
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
    _require(request.user, "evaluation.view_results", cycle)
    status = report_status(cycle)
    return JsonResponse({"state": status.shown_state, "pending": status.pending})


@login_required
@require_POST
def cycle_report_request(request, pk):
    """ "Bericht als PDF erstellen": queue the rendering (once, however often it is sent)."""
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
    _require(request.user, "evaluation.request_report", cycle)
    cycle, queued = services.cycle_report_request(cycle=cycle, user=request.user)
    if cycle.report_state == ReportState.FAILED:
        messages.error(request, _("Der Bericht konnte nicht erstellt werden."))
    elif cycle.report_pending:
        messages.info(
            request,
            _("Der Bericht wird im Hintergrund erstellt; diese Seite zeigt, wann er fertig ist.")
            if queued
            else _("Der Bericht wird bereits erstellt; er wurde nicht noch einmal angefordert."),
        )
    elif queued:
        messages.success(request, _("Der Bericht ist erstellt."))
    else:
        messages.info(request, _("Der gespeicherte Bericht ist aktuell."))
    return redirect(_pdf_section(cycle.pk))


@login_required
def cycle_report_pdf(request, pk):
    """The stored report (a preview while the cycle runs, the final one once closed); if there
    is none, the report page, which says whether it is being prepared. Never renders."""
    cycle = get_for_user(cycles_for(request.user), request.user, pk=pk)
    _require(request.user, "evaluation.view_results", cycle)
    if cycle.has_fitting_report:
        try:
            stored = cycle.report_pdf.open("rb")
        except FileNotFoundError:
            logger.warning("Stored report %s is missing", cycle.report_pdf.name)
            messages.error(
                request,
                _("Die gespeicherte Datei des Berichts fehlt; er muss neu erstellt werden."),
            )
        else:
            # The download name comes from the title, not from the storage (may add a suffix)
            name = report.report_filename(cycle, preview=cycle.report_is_preview)
            return FileResponse(stored, content_type=report.MIMETYPE, filename=name)
    return redirect(_pdf_section(cycle.pk))
