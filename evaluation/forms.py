"""Forms of the evaluation: matrix with criteria and scale, cycle, assessment."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.conflicts import OriginalField, original_token
from measures.models import MeasureStatus

from . import conflicts, matrix_edits
from .models import (
    Criterion,
    EvaluationCycle,
    EvaluationMatrix,
    Recommendation,
    ScaleLevel,
)
from .scoring import needs_explanation, points_of
from .services import DUE_BEFORE_START, Rating
from .services.assessments import (
    CANCELLED_NEEDS_REASON,
    LOW_POINTS_NEED_EXPLANATION,
    OVERRIDE_NEEDS_REASON,
)


class MatrixForm(forms.ModelForm):
    # The matrix as the form showed it when opened (core/conflicts.py, matrix_edits).
    original = OriginalField()

    class Meta:
        model = EvaluationMatrix
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("original", matrix_edits.matrix_token(self.instance))

    def clean_name(self):
        """A new matrix with an existing name becomes its next version (services); a renamed
        one must not take the name of another matrix in the same version."""
        name = self.cleaned_data["name"]
        if self.instance.pk:
            taken = EvaluationMatrix.objects.filter(name=name, version=self.instance.version)
            if taken.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _(
                        "Eine Matrix „%(name)s“ gibt es schon in Version %(version)d. Wählen "
                        "Sie einen anderen Namen."
                    )
                    % {"name": name, "version": self.instance.version}
                )
        return name


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "title", "weight", "description", "order"]
        localized_fields = ["weight"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_weight(self):
        weight = self.cleaned_data.get("weight")
        if weight is not None and weight <= 0:
            raise forms.ValidationError(_("Das Gewicht muss größer als 0 sein."))
        return weight


class ScaleLevelForm(forms.ModelForm):
    class Meta:
        model = ScaleLevel
        fields = ["label", "score", "no_score", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class _AtLeastOne(forms.BaseInlineFormSet):
    minimum = 1
    message = ""

    def clean(self):
        super().clean()
        alive = [
            f
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and (f.instance.pk or f.has_changed())
        ]
        if len(alive) < self.minimum:
            raise forms.ValidationError(self.message)


class CriteriaFormSet(_AtLeastOne):
    minimum = 1
    message = _("Die Matrix braucht mindestens ein Kriterium.")


class LevelsFormSet(_AtLeastOne):
    minimum = 2
    message = _("Die Skala braucht mindestens zwei Stufen.")

    def clean(self):
        super().clean()
        scored = [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and not f.cleaned_data.get("no_score")
            and f.cleaned_data.get("label")
        ]
        if len(scored) < 2:
            raise forms.ValidationError(_("Die Skala braucht mindestens zwei Stufen mit Punkten."))
        scores = [d.get("score") for d in scored]
        if len(set(scores)) != len(scores):
            raise forms.ValidationError(_("Zwei Stufen der Skala haben dieselbe Punktzahl."))
        if max(s or 0 for s in scores) <= 0:
            raise forms.ValidationError(_("Die höchste Stufe muss mehr als 0 Punkte haben."))


CriterionInlineFormSet = forms.inlineformset_factory(
    EvaluationMatrix, Criterion, form=CriterionForm, formset=CriteriaFormSet, extra=1
)
ScaleLevelInlineFormSet = forms.inlineformset_factory(
    EvaluationMatrix, ScaleLevel, form=ScaleLevelForm, formset=LevelsFormSet, extra=1
)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by ``months`` (clamped to the end of shorter months)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month + 1, day=min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The period after the latest cycle, or the ``EVALUATION_CYCLE_MONTHS`` before today."""
    today = today or timezone.localdate()
    months = settings.EVALUATION_CYCLE_MONTHS
    latest = EvaluationCycle.objects.order_by("-period_end").first()
    if latest:
        start = latest.period_end + datetime.timedelta(days=1)
        return start, add_months(start, months) - datetime.timedelta(days=1)
    end = today.replace(day=1) - datetime.timedelta(days=1)
    return add_months(end + datetime.timedelta(days=1), -months), end


def default_due_date(period_end: datetime.date, today: datetime.date | None = None):
    """Three months after the period end, to gather the assessments; but never sooner than
    three months from today (a period that ended long ago still needs that time)."""
    today = today or timezone.localdate()
    return max(add_months(period_end, 3), add_months(today, 3))


class CycleForm(forms.ModelForm):
    class Meta:
        model = EvaluationCycle
        fields = ["title", "period_start", "period_end", "matrix", "due_date"]
        help_texts = {
            "matrix": _("Mit dem Start des Zyklus wird die Matrix gesperrt."),
            "due_date": _("Bis dahin sollen alle Bewertungen abschließend sein."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["matrix"].queryset = EvaluationMatrix.objects.all()
        for name in ("period_start", "period_end", "due_date"):
            self.fields[name].widget.attrs["placeholder"] = "TT.MM.JJJJ"
        if not self.is_bound:
            start, end = default_period()
            self.initial.setdefault("period_start", start)
            self.initial.setdefault("period_end", end)
            self.initial.setdefault(
                "title", _("Evaluierung %(a)s–%(b)s") % {"a": start.year, "b": end.year}
            )
            self.initial.setdefault("due_date", default_due_date(end))
            self.initial.setdefault("matrix", EvaluationMatrix.objects.order_by("-pk").first())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Das Ende des Zeitraums liegt vor seinem Beginn."))
        due = data.get("due_date")
        if start and due and due < start:
            self.add_error("due_date", DUE_BEFORE_START)
        return data


class CycleCloseForm(forms.Form):
    """The explicit confirmation to close a cycle with assessments that are not final."""

    close_open = forms.BooleanField(required=False)

    def __init__(self, *args, unfinished: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["close_open"].label = _(
            "Ja, den Zyklus mit %(n)d nicht bewerteten Maßnahmen abschließen."
        ) % {"n": unfinished}


class AssessmentForm(forms.Form):
    """One choice and one justification per criterion, then indicator, recommendation, remarks."""

    indicator_value = forms.DecimalField(
        label=_("Indikatorwert zum Bewertungszeitpunkt"),
        max_digits=14,
        decimal_places=2,
        required=False,
        localize=True,
    )
    recommendation = forms.ChoiceField(
        label=_("Empfehlung"),
        choices=[("", _("– noch keine –")), *Recommendation.choices],
        required=False,
    )
    remarks = forms.CharField(
        label=_("Bemerkungen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # The assessment's version and values when the form was opened (core/conflicts.py): to
    # refuse a stale save and tell the user's changes from the fields they left alone.
    original = OriginalField()

    def __init__(self, *args, assessment, criteria, levels, proposals=None, **kwargs):
        initial = conflicts.stored_values(assessment, criteria)
        initial["original"] = original_token(initial, version=assessment.version)
        super().__init__(*args, initial=initial, **kwargs)
        self.criteria = criteria
        # {criterion id: indicator.Proposal}: the indicator criterion's proposed level
        self.proposals = proposals or {}
        self.measure_cancelled = assessment.measure.status == MeasureStatus.CANCELLED
        if self.measure_cancelled:
            self.fields["remarks"].help_text = _(
                "Die Maßnahme ist abgebrochen: Sie wird nicht gewertet. Bitte den Grund des "
                "Abbruchs nennen."
            )
        level_choices = [(level.pk, str(level)) for level in levels]
        self.levels = {level.pk: level for level in levels}
        for c in criteria:
            # the code in the label: six fields "Stufe" would be indistinguishable in the
            # error summary and in a screen reader's list of form fields
            self.fields[f"level_{c.pk}"] = forms.TypedChoiceField(
                label=_("Stufe %(code)s") % {"code": c.code},
                choices=[("", _("– noch nicht bewertet –")), *level_choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"justification_{c.pk}"] = forms.CharField(
                label=_("Begründung %(code)s") % {"code": c.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"override_{c.pk}"] = forms.CharField(
                label=_("Grund der Abweichung vom Vorschlag %(code)s") % {"code": c.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Nur nötig, wenn Sie eine andere Stufe als die vorgeschlagene wählen."),
            )
            self._propose(c)

    def _propose(self, criterion):
        """The indicator criterion: the proposal (or why there is none) under its level, the
        level pre-filled with it while none is stored."""
        proposal = self.proposals.get(criterion.pk)
        if proposal is None:
            return
        field = self.fields[f"level_{criterion.pk}"]
        if not proposal.available:
            field.help_text = proposal.missing
            return
        text = _(
            "Vorschlag aus dem Indikator (%(source)s; Ausgangs- und Zielwert der Maßnahme): "
            "%(formula)s."
        ) % {
            "source": proposal.source,
            "formula": proposal.formula,
        }
        if proposal.linear:
            text += " " + _(
                "Die Matrix legt keine Schwellen für g fest: g wird gleichmäßig auf die Skala "
                "abgebildet (g = 1 ergibt die höchste Stufe)."
            )
        field.help_text = text + " " + _("Bestätigen Sie die Stufe oder wählen Sie eine andere.")
        if not self.is_bound and self.initial.get(f"level_{criterion.pk}") is None:
            self.initial[f"level_{criterion.pk}"] = proposal.level.pk

    def clean(self):
        data = super().clean()
        for pk, proposal in self.proposals.items():
            level = data.get(f"level_{pk}")
            reason = (data.get(f"override_{pk}") or "").strip()
            overrides = proposal.available and level is not None and level != proposal.level.pk
            if overrides and not reason:
                self.add_error(f"override_{pk}", OVERRIDE_NEEDS_REASON)
        return data

    def check_complete(self) -> bool:
        """For a final assessment: a level for every criterion and a recommendation; the
        errors stand at the fields, so that the error summary links to each of them."""
        for c in self.criteria:
            if self.cleaned_data.get(f"level_{c.pk}") is None:
                self.add_error(
                    f"level_{c.pk}",
                    _(
                        "Für eine abschließende Bewertung braucht jedes Kriterium eine Stufe "
                        "(oder „nicht bewertbar“)."
                    ),
                )
        if not self.cleaned_data.get("recommendation"):
            self.add_error(
                "recommendation", _("Für eine abschließende Bewertung braucht es eine Empfehlung.")
            )
        if not self.cleaned_data.get("remarks", "").strip():
            if self.measure_cancelled:
                self.add_error("remarks", CANCELLED_NEEDS_REASON)
            elif not self.errors and needs_explanation(self.points()):
                self.add_error("remarks", LOW_POINTS_NEED_EXPLANATION)
        return not self.errors

    def points(self):
        """The points the chosen levels give (as the results will count them)."""
        rated = [
            (c.weight, self.levels.get(self.cleaned_data.get(f"level_{c.pk}")))
            for c in self.criteria
        ]
        return points_of(rated, self.levels.values())

    def criterion_rows(self):
        """(criterion, level, justification, override reason or None, proposal or None)."""
        rows = []
        for c in self.criteria:
            proposal = self.proposals.get(c.pk)
            override = self[f"override_{c.pk}"] if proposal and proposal.available else None
            rows.append(
                (c, self[f"level_{c.pk}"], self[f"justification_{c.pk}"], override, proposal)
            )
        return rows

    def expected_version(self) -> int:
        """The version the form was opened with (0 if it came without its original)."""
        return self.cleaned_data["original"].version

    def ratings(self) -> dict[int, Rating]:
        ratings = {}
        for c in self.criteria:
            proposal = self.proposals.get(c.pk)
            offered = proposal is not None and proposal.available
            ratings[c.pk] = Rating(
                level=self.levels.get(self.cleaned_data.get(f"level_{c.pk}")),
                justification=self.cleaned_data.get(f"justification_{c.pk}", ""),
                proposed_level=proposal.level if offered else None,
                proposal=proposal.formula if offered else "",
                override_reason=self.cleaned_data.get(f"override_{c.pk}", ""),
            )
        return ratings
