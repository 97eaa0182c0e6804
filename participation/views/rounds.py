"""Reporting rounds (Berichtsrunden): the coordination opens, follows and closes them."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from .. import services
from ..models import ReportingRound
from ..round_forms import RoundForm, RoundUpdateForm
from ..round_progress import round_progress
from ..tasks import send_reminders_now


def _add_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on its field if it names one, else on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class RoundListView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.view_round"

    def get(self, request):
        # 1 query: the rounds with their counts
        rounds = list(ReportingRound.objects.with_counts())
        return render(
            request,
            "participation/round_list.html",
            {
                "open_rounds": [r for r in rounds if not r.is_closed],
                "closed_rounds": [r for r in rounds if r.is_closed],
                "can_manage": request.user.has_perm("participation.manage_rounds"),
            },
        )


def _initial() -> dict:
    today = timezone.localdate()
    return {
        "title": _("Sachstand zum %(date)s") % {"date": f"{today:%d.%m.%Y}"},
        "as_of": today,
        "due_on": today + datetime.timedelta(days=21),
    }


class RoundCreateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """The form shows how many measures the selection holds; "Vorschau" recounts without
    saving, "Runde eröffnen" opens the round."""

    permission_required = "participation.manage_rounds"

    def get(self, request):
        form = RoundForm(initial=_initial())
        return self._render(request, form, count=services.round_candidates().count())

    def post(self, request):
        form = RoundForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, count=None)
        selection = form.selection()
        if "preview" in request.POST:
            count = services.round_candidates(**selection).count()
            return self._render(request, form, count=count, previewed=True)
        data = form.cleaned_data
        try:
            reporting_round = services.round_open(
                title=data["title"],
                as_of=data["as_of"],
                due_on=data["due_on"],
                message=data["message"],
                remind_partners=data["remind_partners"],
                by=request.user,
                **selection,
            )
        except ValidationError as error:
            _add_errors(form, error)
            return self._render(request, form, count=services.round_candidates(**selection).count())
        # the "Berichtsrunde eröffnet" reminders go out now, not with the next daily run
        transaction.on_commit(send_reminders_now.enqueue)
        count = reporting_round.entries.count()
        messages.success(
            request,
            ngettext(
                "Die Berichtsrunde ist eröffnet: %(count)d Maßnahme. Die Erinnerungen gehen "
                "jetzt hinaus.",
                "Die Berichtsrunde ist eröffnet: %(count)d Maßnahmen. Die Erinnerungen gehen "
                "jetzt hinaus.",
                count,
            )
            % {"count": count},
        )
        return redirect(reporting_round)

    def _render(self, request, form, *, count, previewed=False):
        return render(
            request,
            "participation/round_form.html",
            {"form": form, "count": count, "previewed": previewed},
        )


def _round(pk) -> ReportingRound:
    return get_object_or_404(ReportingRound.objects.select_related("opened_by", "closed_by"), pk=pk)


class RoundDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.view_round"

    def get(self, request, pk):
        reporting_round = _round(pk)
        return render(
            request,
            "participation/round_detail.html",
            {
                "round": reporting_round,
                "progress": round_progress(reporting_round),
                "can_manage": request.user.has_perm("participation.manage_rounds"),
            },
        )


class RoundUpdateView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.manage_rounds"

    def get(self, request, pk):
        reporting_round = _round(pk)
        if reporting_round.is_closed:
            return self._closed(request, reporting_round)
        return self._render(request, RoundUpdateForm(instance=reporting_round))

    def post(self, request, pk):
        reporting_round = _round(pk)
        if reporting_round.is_closed:
            return self._closed(request, reporting_round)
        form = RoundUpdateForm(request.POST, instance=reporting_round)
        if form.is_valid():
            try:
                services.round_update(
                    reporting_round=reporting_round,
                    title=form.cleaned_data["title"],
                    due_on=form.cleaned_data["due_on"],
                    message=form.cleaned_data["message"],
                    by=request.user,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, _("Die Berichtsrunde ist gespeichert."))
                return redirect(reporting_round)
        return self._render(request, form)

    def _closed(self, request, reporting_round):
        messages.warning(
            request, _("Die Berichtsrunde ist abgeschlossen und lässt sich nicht ändern.")
        )
        return redirect(reporting_round)

    def _render(self, request, form):
        return render(
            request, "participation/round_update.html", {"form": form, "round": form.instance}
        )


class RoundCloseView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """GET: what will be frozen; POST: close."""

    permission_required = "participation.manage_rounds"

    def get(self, request, pk):
        reporting_round = _round(pk)
        if reporting_round.is_closed:
            messages.info(request, _("Die Berichtsrunde ist bereits abgeschlossen."))
            return redirect(reporting_round)
        return render(
            request,
            "participation/round_close.html",
            {"round": reporting_round, "progress": round_progress(reporting_round)},
        )

    def post(self, request, pk):
        reporting_round = _round(pk)
        try:
            services.round_close(reporting_round=reporting_round, by=request.user)
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Die Berichtsrunde ist abgeschlossen; ihr Stand ist festgehalten."),
            )
        return redirect(reporting_round)
