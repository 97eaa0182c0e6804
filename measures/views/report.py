"""Actors report on their measures: a Sachstand, or one click "unchanged, on track"."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from .. import services
from ..conflicts import rebase_report_form
from ..forms import StatusReportForm
from ..rules import may_confirm_unchanged_now
from .common import MeasurePermissionMixin


class MeasureReportView(MeasurePermissionMixin, View):
    permission_required = "measures.report_status"
    template_name = "measures/measure_report.html"

    def on_behalf(self) -> bool:
        """The coordination may record a report that reached it by phone or mail."""
        return self.request.user.has_perm("measures.report_on_behalf", self.measure)

    def get(self, request, pk):
        measure = self.measure
        form = StatusReportForm(
            measure=measure,
            on_behalf=self.on_behalf(),
            initial={
                "status": measure.status,
                "progress": measure.progress,
                "indicator_value": measure.indicator_current,
            },
        )
        return self.render(form)

    def post(self, request, pk):
        form = StatusReportForm(request.POST, measure=self.measure, on_behalf=self.on_behalf())
        if not form.is_valid():
            return self.render(form)
        try:
            services.measure_report_status(
                measure=self.measure,
                user=request.user,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                indicator_value=form.cleaned_data["indicator_value"],
                text=form.cleaned_data["text"],
                expected_version=form.expected_version(),
                **form.channel(),
            )
        except services.MeasureConflict as refused:
            # the actor's changes kept, the rest as stored now, and the current original
            conflict = rebase_report_form(form, refused)
            self.measure.status = refused.measure.status
            self.measure.progress = refused.measure.progress
            return self.render(form, conflict=conflict, status=409)
        messages.success(request, _("Sachstand zu Maßnahme %s gespeichert.") % self.measure.number)
        return redirect(self.measure)

    def render(self, form, conflict=None, status=200):
        return render(
            request=self.request,
            template_name=self.template_name,
            status=status,
            context={
                "form": form,
                "measure": self.measure,
                "conflict": conflict,
                # report_status is granted (the mixin checked it): only the state is left
                "can_confirm_unchanged": may_confirm_unchanged_now(self.request.user, self.measure),
            },
        )


class MeasureConfirmUnchangedView(MeasurePermissionMixin, View):
    """POST only: records a dated status update that copies the current values."""

    permission_required = "measures.report_status"
    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            services.measure_confirm_unchanged(measure=self.measure, user=request.user)
        except services.CannotConfirmUnchanged as refusal:
            messages.error(request, str(refusal))
            return redirect("measures:report", pk=self.measure.pk)
        messages.success(
            request,
            _("Maßnahme %s: unverändert, weiter im Plan – bestätigt.") % self.measure.number,
        )
        target = request.POST.get("next", "")
        if target == "home":
            return redirect("home")
        return redirect(self.measure)
