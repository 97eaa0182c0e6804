"""Coordinator pages: create, edit (with optimistic locking) and delete a measure."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from .. import services
from ..conflicts import rebase_measure_form
from ..forms import MeasureForm
from .common import MeasurePermissionMixin
from .smart_check import smart_payload


def _smart_message(measure) -> str:
    result = measure.smart_check()
    if result.is_smart:
        return _("Die Maßnahme ist SMART.")
    reasons = [r for letter in result.missing for r in result.missing[letter]]
    return format_html(
        "{} <ul>{}</ul>",
        _("Gespeichert, aber noch nicht SMART (es fehlt: %(letters)s).")
        % {"letters": result.missing_names},
        format_html_join("", "<li>{}</li>", ((r,) for r in reasons)),
    )


class MeasureCreateView(PermissionRequiredMixin, View):
    permission_required = "measures.add_measure"
    template_name = "measures/measure_form.html"

    # anonymous: redirect to the login page; logged in without the permission: 403

    def get(self, request):
        initial = {}
        if request.GET.get("action_field", "").isdigit():
            initial["action_field"] = request.GET["action_field"]
        return self.render(MeasureForm(initial=initial))

    def post(self, request):
        form = MeasureForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        try:
            measure = services.measure_create(
                user=request.user,
                values=form.measure_values(),
                partners=form.cleaned_data["partners"],
            )
        except services.MeasureNumberTaken as taken:
            form.add_error("number", str(taken))
            return self.render(form)
        messages.success(request, _("Maßnahme %s angelegt.") % measure.number)
        _add_smart_message(request, measure)
        return redirect(measure)

    def render(self, form):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "measure": None,
                "title": _("Neue Maßnahme"),
                "smart": smart_payload(form.smart_result()),
            },
        )


def _add_smart_message(request, measure):
    if measure.smart_check().is_smart:
        messages.success(request, _smart_message(measure))
    else:
        messages.warning(request, _smart_message(measure))


class MeasureUpdateView(MeasurePermissionMixin, View):
    permission_required = "measures.change_measure"
    template_name = "measures/measure_form.html"

    def get(self, request, pk):
        return self.render(MeasureForm(instance=self.measure))

    def post(self, request, pk):
        form = MeasureForm(request.POST, instance=self.measure)
        if not form.is_valid():
            return self.render(form)
        try:
            measure = services.measure_update(
                measure=self.measure,
                user=request.user,
                values=form.measure_values(),
                partners=form.cleaned_data["partners"],
                expected_version=form.expected_version(),
            )
        except services.MeasureConflict as refused:
            # the user's changes kept, the rest as stored now, and the current original
            return self.render(form, conflict=rebase_measure_form(form, refused), status=409)
        messages.success(request, _("Änderungen an Maßnahme %s gespeichert.") % measure.number)
        _add_smart_message(request, measure)
        return redirect(measure)

    def render(self, form, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "measure": self.measure,
                "title": _("Maßnahme %s bearbeiten") % self.measure.number,
                "conflict": conflict,
                "smart": smart_payload(form.smart_result()),
            },
            status=status,
        )


class MeasureDeleteView(MeasurePermissionMixin, View):
    permission_required = "measures.delete_measure"

    def get(self, request, pk):
        return render(
            request,
            "measures/measure_confirm_delete.html",
            {
                "measure": self.measure,
                "update_count": self.measure.status_updates.count(),
                "refusal": services.measure_delete_refusal(self.measure),
            },
        )

    def post(self, request, pk):
        number = self.measure.number
        try:
            services.measure_delete(measure=self.measure, user=request.user)
        except services.MeasureInUse as error:
            messages.error(request, str(error))
            return redirect(self.measure.get_absolute_url())
        messages.success(request, _("Maßnahme %s gelöscht.") % number)
        return redirect(reverse("measures:list"))
