"""Forms of the council layer (crispy-forms, Bootstrap 5)."""

from __future__ import annotations

import importlib

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concept.branding import current as current_branding
from core import formatting
from participation.models import ReportingRound

from .models import Consultation, CouncilPaper, PaperKind, Revision
from .services import next_paper_number
from .services.papers import OPEN_ROUND, consultation_order_problems
from .snapshot import evaluation_cycle_states

DATE_INPUT = {"localize": True}
RUNNING_CYCLE = _("%(title)s – läuft noch (vorläufige Ergebnisse)")


def evaluation_cycle_choices() -> list[tuple[int, str]] | None:
    """Cycles offered by ``evaluation.results.cycle_choices()``, None if that does not exist."""
    try:
        results = importlib.import_module("evaluation.results")
    except ImportError:
        return None
    choices = getattr(results, "cycle_choices", None)
    if not choices:
        return None
    cycles = list(choices())
    states = evaluation_cycle_states(pk for pk, _label in cycles)
    return [
        (pk, label if states.get(pk, {}).get("closed", True) else RUNNING_CYCLE % {"title": label})
        for pk, label in cycles
    ]


class RevisionForm(forms.ModelForm):
    period_start = forms.DateField(label=_("Laufzeit von"), **DATE_INPUT)
    period_end = forms.DateField(label=_("Laufzeit bis"), **DATE_INPUT)

    class Meta:
        model = Revision
        fields = ["number", "title", "period_start", "period_end", "notes", "evaluation_cycle_id"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cycles = evaluation_cycle_choices()
        if cycles is None:
            del self.fields["evaluation_cycle_id"]
        else:
            self.fields["evaluation_cycle_id"] = forms.TypedChoiceField(
                label=_("Evaluierungsrunde"),
                choices=[("", _("– keine –")), *cycles],
                coerce=int,
                empty_value=None,
                required=False,
            )
        if self.instance.pk and self.instance.is_frozen:
            for name in ("number", "evaluation_cycle_id"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("Nach dem Einfrieren nicht mehr änderbar.")

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end", _("Das Ende der Laufzeit darf nicht vor dem Beginn liegen.")
            )
        return data


class PaperForm(forms.ModelForm):
    date = forms.DateField(label=_("Datum"), **DATE_INPUT)

    class Meta:
        model = CouncilPaper
        fields = [
            "number",
            "kind",
            "is_public",
            "date",
            "title",
            "subtitles",
            "under_direction_of",
            "body",
            "proposed_resolution",
            "prepared_by",
            "co_signatures",
            "dictation_mark",
            "signature_intro",
            "signatory",
            "revision",
            "attach_diff",
            "attach_live_diff",
            "attach_evaluation",
            "reporting_round",
        ]
        widgets = {
            "subtitles": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "proposed_resolution": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("– bitte wählen –")), *PaperKind.choices]
        self.fields["revision"].empty_label = _("– keine –")
        self.fields["revision"].queryset = Revision.objects.frozen().defer("snapshot")
        self.fields["revision"].help_text = _(
            "Nur eingefrorene Fassungen; ihre Maßnahmen werden je Handlungsfeld angehängt."
        )
        rounds = self.fields["reporting_round"]
        rounds.empty_label = _("– keine –")
        # all rounds, so that an open one chosen (a stale page, a crafted request) gets its
        # German reason from clean_reporting_round; the list offers only the closed ones
        rounds.queryset = ReportingRound.objects.all()
        rounds.widget.choices = ModelChoiceIterator(rounds)
        rounds.widget.choices.queryset = ReportingRound.objects.closed()
        if not self.instance.pk:
            self.initial.setdefault("number", next_paper_number())
            self.initial.setdefault("date", timezone.localdate())
            self.fields["number"].help_text = _(
                "Vorgeschlagen: die nächste freie Nummer. Form: %(example)s."
            ) % {"example": current_branding().paper_number_example}

    def clean_reporting_round(self):
        reporting_round = self.cleaned_data.get("reporting_round")
        if reporting_round is not None and not reporting_round.is_closed:
            raise forms.ValidationError(OPEN_ROUND % {"title": reporting_round.title})
        return reporting_round

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == PaperKind.RESOLUTION
            and not (data.get("proposed_resolution") or "").strip()
        ):
            self.add_error(
                "proposed_resolution", _("Eine Beschlussvorlage braucht einen Beschlussvorschlag.")
            )
        if (data.get("attach_diff") or data.get("attach_evaluation")) and not data.get("revision"):
            self.add_error("revision", _("Für diese Anlagen muss eine Fassung ausgewählt werden."))
        return data


class ConsultationForm(forms.ModelForm):
    meeting_date = forms.DateField(label=_("Sitzung am"), required=False, **DATE_INPUT)

    class Meta:
        model = Consultation
        fields = ["body_name", "meeting_date", "agenda_item", "role"]


class BaseConsultationFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Meetings in date order, the Beschlussfassung last: the error at the row and field."""
        super().clean()
        if any(self.errors):
            return
        forms_in_order = [f for f in self.ordered_forms if f.cleaned_data.get("body_name")]
        rows = [f.cleaned_data for f in forms_in_order]
        for index, field, message in consultation_order_problems(rows):
            forms_in_order[index].add_error(field, message)


ConsultationFormSet = forms.inlineformset_factory(
    CouncilPaper,
    Consultation,
    form=ConsultationForm,
    formset=BaseConsultationFormSet,
    extra=2,
    can_delete=True,
    can_order=True,
)


def ordered_consultations(formset) -> list[dict]:
    """The rows of a valid formset, in the order shown, without deleted or empty ones."""
    fields = ("body_name", "meeting_date", "agenda_item", "role")
    rows = []
    for form in formset.ordered_forms:
        data = form.cleaned_data
        if data.get("body_name"):
            rows.append({name: data.get(name) for name in fields})
    return rows


class DecisionForm(forms.Form):
    """The date of the decision; the checks against the paper are in paper_record_decision."""

    decided_on = forms.DateField(
        label=_("Beschluss / Kenntnisnahme am"),
        widget=forms.DateInput(attrs={"placeholder": _("TT.MM.JJJJ")}),
        **DATE_INPUT,
    )

    def __init__(self, *args, paper: CouncilPaper, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["decided_on"]
        resolution = paper.kind == PaperKind.RESOLUTION
        field.label = gettext("Beschluss am") if resolution else gettext("Kenntnisnahme am")
        hints = []
        meeting = paper.decision_meeting_date()
        if meeting is not None:
            self.initial.setdefault("decided_on", meeting)
            hints.append(gettext("Vorgeschlagen: die Beschlussfassung laut Beratungsfolge."))
        hints.append(
            gettext("Nicht vor dem Datum der Drucksache (%(date)s) und nicht in der Zukunft.")
            % {"date": formatting.date(paper.date)}
        )
        if paper.revision_id and paper.revision.frozen_at:
            hints.append(
                gettext("Nicht vor dem Einfrieren der %(label)s (%(date)s).")
                % {
                    "label": paper.revision.label,
                    "date": formatting.date(timezone.localdate(paper.revision.frozen_at)),
                }
            )
        field.help_text = " ".join(hints)
