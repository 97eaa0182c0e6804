"""The SMART check while the measure form is filled in (static/js/measure-form.js).

The form's values are posted as they stand; the answer is the same check the detail page
and the save message use (measures/smart.py), so the rules live in one place only.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import View

from ..forms import MeasureForm
from ..smart import SmartResult


def smart_summary(result: SmartResult) -> str:
    """One sentence for the live region: short, so that it can be read after each change."""
    if result.is_smart:
        return _("SMART: alle fünf Kriterien erfüllt.")
    return _("SMART: %(count)s von 5 Kriterien erfüllt, es fehlt: %(names)s.") % {
        "count": len(result.satisfied),
        "names": result.missing_names,
    }


def smart_payload(result: SmartResult) -> dict:
    return {
        "is_smart": result.is_smart,
        "summary": smart_summary(result),
        "letters": [
            {"letter": letter, "name": name, "ok": ok, "missing": [str(r) for r in reasons]}
            for letter, name, ok, reasons in result.letters
        ],
    }


class MeasureSmartCheckView(LoginRequiredMixin, View):
    """POST the measure form's fields, get the SMART check of them as JSON. Nothing is saved."""

    http_method_names = ["post"]

    def post(self, request):
        user = request.user
        if not (user.has_perm("measures.add_measure") or user.has_perm("measures.change_measure")):
            raise PermissionDenied
        form = MeasureForm(request.POST, live_check=True)
        response = JsonResponse(smart_payload(form.smart_result()))
        response["Cache-Control"] = "no-store"
        return response
