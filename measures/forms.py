"""Forms of the measure pages: edit (S-M-A-R-T fieldsets), report status, import upload."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concept.models import ActionField, Actor, Goal

from .models import Measure, MeasureStatus

DATE_HELP = _("Format TT.MM.JJJJ, z. B. 31.12.2026")


class GermanDateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d.%m.%Y", attrs={"placeholder": "TT.MM.JJJJ"})


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.action_field.number}. {obj.title}"


S_FIELDS = ["number", "title", "description", "action_field", "goal", "target_group"]
M_FIELDS = [
    "indicator",
    "indicator_unit",
    "indicator_baseline",
    "indicator_target",
    "indicator_current",
]
A_FIELDS = ["lead_actor", "partners"]
R_FIELDS = [
    "staff_hours_per_year",
    "staff_fte",
    "staff_actor",
    "budget_amount",
    "funding_source",
    "budget_years",
    "no_extra_resources",
]
T_FIELDS = ["start_date", "deadline"]
STATE_FIELDS = ["status", "progress", "notes"]


def check_lead_is_no_partner(form) -> None:
    """The lead actor leads; ticking it as a partner too would count it twice."""
    lead, partners = form.cleaned_data.get("lead_actor"), form.cleaned_data.get("partners")
    if lead is not None and partners and lead in partners:
        form.add_error(
            "partners",
            _(
                "%(actor)s ist federführend und kann nicht zugleich Kooperationspartner sein. "
                "Bitte das Häkchen bei %(actor)s entfernen."
            )
            % {"actor": lead.name},
        )


class MeasureForm(forms.ModelForm):
    """Create or edit a measure; may be saved incomplete (not SMART)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    goal = GoalChoiceField(
        queryset=Goal.objects.select_related("action_field"),
        required=False,
        label=_("Ziel"),
        help_text=_("Muss zum gewählten Handlungsfeld gehören."),
    )

    class Meta:
        model = Measure
        fields = S_FIELDS + M_FIELDS + A_FIELDS + R_FIELDS + T_FIELDS + STATE_FIELDS
        localized_fields = [
            "indicator_baseline",
            "indicator_target",
            "indicator_current",
            "staff_hours_per_year",
            "staff_fte",
            "budget_amount",
        ]
        widgets = {
            "start_date": GermanDateInput(),
            "deadline": GermanDateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "start_date": DATE_HELP,
            "deadline": DATE_HELP,
            "budget_amount": _("Betrag in Euro, z. B. 12.500,00"),
            "partners": _("Alle Akteure, die mitwirken (mehrere möglich)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        for name in ("lead_actor", "staff_actor", "partners"):
            self.fields[name].queryset = Actor.objects.all()
        self._group_goals()
        if not self.instance.pk:
            self._suggest_numbers()
        self.fields["start_date"].input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
        self.fields["deadline"].input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
        for name in ("budget_amount", "indicator_baseline", "indicator_target"):
            self.fields[name].widget.attrs.setdefault("inputmode", "decimal")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(_("S – Spezifisch: was, in welchem Handlungsfeld, für wen"), *S_FIELDS),
            Fieldset(_("M – Messbar: Indikator mit Einheit, Ausgangs- und Zielwert"), *M_FIELDS),
            Fieldset(_("A – Aktivierend: wer ist verantwortlich"), *A_FIELDS),
            Fieldset(_("R – Realistisch: Personal und Finanzmittel"), *R_FIELDS),
            Fieldset(_("T – Terminiert: Beginn und Frist"), *T_FIELDS),
            Fieldset(_("Umsetzung"), *STATE_FIELDS),
            Field("version"),
        )

    def _group_goals(self):
        """The goals grouped by action field (validation still goes by the queryset)."""
        field = self.fields["goal"]
        groups: dict[str, list] = {}
        for goal in field.queryset.order_by("action_field__number", "order", "pk"):
            af = goal.action_field
            groups.setdefault(f"{af.number}. {af.name}", []).append((goal.pk, goal.title))
        field.widget.choices = [("", field.empty_label), *groups.items()]

    def _suggest_numbers(self):
        highest = Measure.objects.highest_numbers()
        numbers = [
            f"{number}.{highest.get(number, 0) + 1}"
            for number in ActionField.objects.order_by("number").values_list("number", flat=True)
        ]
        self.fields["number"].help_text = _("Nächste freie Nummer je Handlungsfeld: %s") % (
            " · ".join(numbers)
        )

    def clean(self):
        cleaned = super().clean()
        check_lead_is_no_partner(self)
        return cleaned

    def clean_version(self):
        return self.cleaned_data.get("version") or None

    def measure_values(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.Meta.fields
            if name != "partners" and name in self.cleaned_data
        }


class StatusReportForm(forms.Form):
    """A Sachstand: only status, progress, current indicator value and a short text."""

    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    progress = forms.IntegerField(
        label=_("Fortschritt (%)"),
        min_value=0,
        max_value=100,
        error_messages={
            "min_value": _("Der Fortschritt muss zwischen 0 und 100 %% liegen."),
            "max_value": _("Der Fortschritt muss zwischen 0 und 100 %% liegen."),
        },
    )
    indicator_value = forms.DecimalField(
        label=_("aktueller Wert des Indikators"),
        max_digits=14,
        decimal_places=2,
        required=False,
        localize=True,
    )
    text = forms.CharField(
        label=_("Sachstand in wenigen Sätzen"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
    # The measure's version when the form was opened (optimistic locking, as in MeasureForm).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = measure.version
        if measure.indicator:
            # crispy renders help texts unescaped: escape the measure's own words here.
            unit = f" ({measure.indicator_unit})" if measure.indicator_unit else ""
            self.fields["indicator_value"].help_text = format_html("{}{}", measure.indicator, unit)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "status", "progress", "indicator_value", "text", "expected_version"
        )
