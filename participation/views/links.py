"""Reporting without an account: the pages behind a personal link (``melden/<token>/``).

The contact of an actor sees that actor's measures in one reporting round, reports a
Sachstand per measure, confirms „Unverändert, weiter im Plan“ with one click and, where the
round includes partners, leaves a note on measures the actor supports. Every report records
the channel (personal link) and the link's address; the link counts its uses.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from measures import services as measure_services
from measures.conflicts import rebase_report_form
from measures.forms import StatusReportForm
from measures.models import ReportChannel
from measures.note_services import note_add
from measures.rules import may_confirm_unchanged_now

from ..link_scope import link_measures, link_partner_measures
from ..models import EntryOutcome
from ..services.links import link_record_use
from .link_common import LinkViewMixin


def _can_confirm(measure) -> bool:
    # The state only: the link itself is the permission to report (its scope was checked).
    return bool(may_confirm_unchanged_now(None, measure))


def render_home(request, link, token, *, note_input=None, status=200):
    """The overview behind ``link``; ``note_input`` keeps a refused note ({measure pk: {text,
    error}}) in its form. Queries: the measures (one), the partner measures and their notes."""
    outcomes = dict(EntryOutcome.choices)
    rows = [
        {
            "measure": measure,
            "outcome": measure.round_outcome,
            "outcome_label": outcomes.get(measure.round_outcome, ""),
            "can_confirm": _can_confirm(measure),
        }
        for measure in link_measures(link)
    ]
    partner_measures = list(link_partner_measures(link))
    for measure in partner_measures:  # a refused note keeps what was typed
        measure.note_entered = (note_input or {}).get(measure.pk, {})
    return render(
        request,
        "participation/links/home.html",
        {
            "link": link,
            "reporting_round": link.round,
            "actor": link.actor,
            "token": token,
            "rows": rows,
            "partner_measures": partner_measures,
        },
        status=status,
    )


class LinkHomeView(LinkViewMixin, View):
    """„Sachstand für <Akteur> – <Runde>“: the actor's measures in the round."""

    def get(self, request, token):
        return render_home(request, self.link, token)


class LinkReportView(LinkViewMixin, View):
    """The Sachstand form of one measure, as the logged-in report page (conflicts included)."""

    template_name = "participation/links/report.html"

    def dispatch(self, request, *args, **kwargs):
        self.measure_pk = kwargs.pop("measure_pk")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        measure = self.scoped_measure(link_measures(self.link), self.measure_pk)
        form = StatusReportForm(
            measure=measure,
            initial={
                "status": measure.status,
                "progress": measure.progress,
                "indicator_value": measure.indicator_current,
            },
        )
        return self.render(measure, form)

    def post(self, request, token):
        measure = self.scoped_measure(link_measures(self.link), self.measure_pk)
        form = StatusReportForm(request.POST, measure=measure)
        if not form.is_valid():
            return self.render(measure, form)
        try:
            measure_services.measure_report_status(
                measure=measure,
                user=None,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                indicator_value=form.cleaned_data["indicator_value"],
                text=form.cleaned_data["text"],
                expected_version=form.expected_version(),
                channel=ReportChannel.PERSONAL_LINK,
                reported_by=self.link.email,
            )
        except measure_services.MeasureConflict as refused:
            conflict = rebase_report_form(form, refused)
            measure.status = refused.measure.status
            measure.progress = refused.measure.progress
            return self.render(measure, form, conflict=conflict, status=409)
        link_record_use(self.link)
        messages.success(
            request,
            _("Vielen Dank! Der Sachstand zu Maßnahme %s ist gespeichert.") % measure.number,
        )
        return redirect("participation:link_home", token=token)

    def render(self, measure, form, conflict=None, status=200):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "measure": measure,
                "conflict": conflict,
                "link": self.link,
                "reporting_round": self.link.round,
                "token": self.token,
                "can_confirm_unchanged": _can_confirm(measure),
            },
            status=status,
        )


class LinkUnchangedView(LinkViewMixin, View):
    """POST only: „Unverändert, weiter im Plan“ for one measure of the link."""

    http_method_names = ["post"]

    def post(self, request, token, measure_pk):
        measure = self.scoped_measure(link_measures(self.link), measure_pk)
        try:
            measure_services.measure_confirm_unchanged(
                measure=measure,
                user=None,
                channel=ReportChannel.PERSONAL_LINK,
                reported_by=self.link.email,
            )
        except measure_services.CannotConfirmUnchanged as refusal:
            messages.error(request, str(refusal))
            return redirect("participation:link_report", token=token, measure_pk=measure.pk)
        link_record_use(self.link)
        messages.success(
            request,
            _("Maßnahme %s: unverändert, weiter im Plan – bestätigt. Vielen Dank!")
            % measure.number,
        )
        return redirect("participation:link_home", token=token)


class LinkNoteView(LinkViewMixin, View):
    """POST only: a partner's note on a measure of the round (rounds that include partners)."""

    http_method_names = ["post"]

    def post(self, request, token, measure_pk):
        measure = self.scoped_measure(link_partner_measures(self.link), measure_pk)
        text = request.POST.get("text", "")
        try:
            note_add(
                measure=measure,
                actor=self.link.actor,
                text=text,
                user=None,
                reported_by=self.link.email,
            )
        except ValidationError as invalid:
            errors = invalid.message_dict.get("text") or invalid.messages
            note_input = {measure.pk: {"text": text, "error": " ".join(errors)}}
            return render_home(request, self.link, token, note_input=note_input, status=400)
        link_record_use(self.link)
        messages.success(request, _("Ihre Notiz zu Maßnahme %s ist gespeichert.") % measure.number)
        return redirect("participation:link_home", token=token)
