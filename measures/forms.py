"""Forms of the measure pages: edit (S-M-A-R-T fieldsets), report status, import upload."""

from __future__ import annotations

import json

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.forms.models import construct_instance
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from concept.models import ActionField, Actor, Goal
from core.conflicts import OriginalField

from .conflicts import measure_form_token, report_token
from .models import Measure, MeasureStatus, ReportChannel
from .smart import SmartResult, smart_check

DATE_HELP = _("Format TT.MM.JJJJ, z. B. 31.12.2026")


class GermanDateInput(forms.DateInput):
    def __init__(self, **kwargs):
        super().__init__(format="%d.%m.%Y", attrs={"placeholder": "TT.MM.JJJJ"})


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.action_field.number}. {obj.title}"


class GoalSelect(forms.Select):
    """Goals grouped by action field (``<optgroup>``), each option naming its field's id in
    ``data-action-field``: without JavaScript all goals show, grouped; static/js/measure-form.js
    narrows the list to the chosen field."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs, choices)
        self.field_of: dict[str, int] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        field_id = self.field_of.get(str(value))
        if field_id is not None:
            option["attrs"]["data-action-field"] = str(field_id)
        return option


# The action field comes first: it decides the number proposed and the goals offered.
S_FIELDS = ["action_field", "number", "goal", "title", "description", "target_group"]
M_FIELDS = [
    "indicator",
    "indicator_unit",
    "indicator_kind",
    "indicator_baseline",
    "indicator_baseline_on",
    "indicator_target",
    "indicator_lower_is_better",
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

    # The measure as the form showed it (core/conflicts.py): a save on an older version, or
    # without this field, is refused and merged instead of undoing another person's save.
    original = OriginalField()
    goal = GoalChoiceField(
        queryset=Goal.objects.select_related("action_field"),
        widget=GoalSelect,
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
            "indicator_baseline_on": GermanDateInput(),
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

    def clean_indicator_kind(self):
        return self.cleaned_data.get("indicator_kind") or self.instance.indicator_kind

    def __init__(self, *args, live_check: bool = False, **kwargs):
        """``live_check``: the form only reads input for the SMART check while typing
        (``smart_result()``), and is never shown: the choices need not be prepared."""
        super().__init__(*args, **kwargs)
        self.live_check = live_check
        if self.instance.pk and not self.is_bound:
            self.initial["original"] = measure_form_token(self, self.instance)
        for name in ("lead_actor", "staff_actor", "partners"):
            self.fields[name].queryset = Actor.objects.all()
        # a deactivated field (page "Handlungsfelder") takes no new measures and its goals are
        # not offered; a measure already there keeps its field and goal
        self.fields["action_field"].queryset = ActionField.objects.filter(
            Q(is_active=True) | Q(pk=self.instance.action_field_id)
        )
        self.fields["goal"].queryset = self.fields["goal"].queryset.filter(
            Q(action_field__is_active=True) | Q(pk=self.instance.goal_id)
        )
        self.fields["start_date"].input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
        self.fields["deadline"].input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
        self.fields["indicator_baseline_on"].input_formats = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
        # left out (an older form, a script): the kind stays as it is
        self.fields["indicator_kind"].required = False
        if not self.instance.pk:
            # Left blank, the service gives the next free number of the chosen field.
            self.fields["number"].required = False
        if live_check:
            return
        self._group_goals()
        self._suggest_numbers()
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
            Field("original"),
        )

    def _group_goals(self):
        """The goals grouped by action field (validation still goes by the queryset)."""
        field = self.fields["goal"]
        groups: dict[str, list] = {}
        for goal in field.queryset.order_by("action_field__number", "order", "pk"):
            af = goal.action_field
            groups.setdefault(f"{af.number}. {af.name}", []).append((goal.pk, goal.title))
            field.widget.field_of[str(goal.pk)] = af.pk
        field.widget.choices = [("", field.empty_label), *groups.items()]

    def _suggest_numbers(self):
        """The next free number of every field: in the help text of a new measure, and for
        static/js/measure-form.js (``data-next-numbers``, by the field's id) to fill in when a
        field is chosen. On an existing measure the script proposes one only when the field
        changes (``data-original-*`` give the way back)."""
        fields = dict(ActionField.objects.order_by("number").values_list("pk", "number"))
        proposals = Measure.objects.next_free_numbers(fields.values())
        attrs = self.fields["number"].widget.attrs
        attrs["data-next-numbers"] = json.dumps({pk: proposals[n] for pk, n in fields.items()})
        attrs["autocomplete"] = "off"
        if self.instance.pk:
            attrs["data-original-number"] = self.instance.number
            attrs["data-original-field"] = str(self.instance.action_field_id)
            return
        self.fields["number"].help_text = _(
            "Nächste freie Nummer je Handlungsfeld: %s. Leer gelassen, wird die nächste freie "
            "Nummer des gewählten Handlungsfelds vergeben."
        ) % " · ".join(proposals.values())
        chosen = self.initial.get("action_field")
        if not self.is_bound and chosen and str(chosen).isdigit() and int(chosen) in fields:
            self.initial.setdefault("number", proposals[fields[int(chosen)]])

    def _post_clean(self):
        if self.live_check:
            # Only the values onto the instance: the SMART check needs no model validation
            # (each constraint and the unique number would cost queries on every keystroke).
            opts = self._meta
            self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)
            return
        super()._post_clean()

    def smart_result(self) -> SmartResult:
        """The SMART check of what is typed so far (fields with an error count as empty)."""
        self.errors  # noqa: B018 – validates, which puts the valid values onto the instance
        return smart_check(self.instance)

    def clean(self):
        cleaned = super().clean()
        check_lead_is_no_partner(self)
        if not self.live_check:
            self._check_number_is_free()
        return cleaned

    def _check_number_is_free(self):
        """A taken number: say which measure has it and which number is free (before the
        model's plain "bereits vergeben", which then is not repeated)."""
        number = (self.cleaned_data.get("number") or "").strip()
        if not number or "number" in self.errors:
            return
        other = Measure.objects.filter(number=number).exclude(pk=self.instance.pk).first()
        if other is None:
            return
        message = _("Die Nummer %(number)s ist bereits vergeben (Maßnahme „%(title)s“).") % {
            "number": number,
            "title": other.title,
        }
        field = self.cleaned_data.get("action_field")
        if field is not None:
            free = {"field": field.number, "free": Measure.objects.next_free_number(field)}
            if self.instance.pk:
                hint = _("Die nächste freie Nummer im Handlungsfeld %(field)s ist %(free)s.")
            else:
                hint = _(
                    "Die nächste freie Nummer im Handlungsfeld %(field)s ist %(free)s; "
                    "leer gelassen, wird sie beim Speichern vergeben."
                )
            message += " " + hint % free
        self.add_error("number", message)

    def expected_version(self) -> int:
        """The version the form was opened with (0 if it came without its original)."""
        return self.cleaned_data["original"].version

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
    # Only for the coordination (``on_behalf=True``): who reported by phone or mail.
    reported_by = forms.CharField(
        label=_("Gemeldet von (telefonisch oder per E-Mail)"),
        required=False,
        max_length=200,
        help_text=_(
            "Leer lassen, wenn Sie selbst melden. Sonst Name und Organisation der Person, die "
            "den Sachstand telefonisch oder per E-Mail durchgegeben hat."
        ),
    )
    # The measure's version and values when the form was opened (as in MeasureForm).
    original = OriginalField()

    def __init__(self, *args, measure: Measure, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["original"].initial = report_token(measure)
        if not on_behalf:
            del self.fields["reported_by"]
        if measure.indicator:
            # crispy renders help texts unescaped: escape the measure's own words here.
            unit = f" ({measure.indicator_unit})" if measure.indicator_unit else ""
            self.fields["indicator_value"].help_text = format_html("{}{}", measure.indicator, unit)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "status", "progress", "indicator_value", "text", *self._on_behalf_field(), "original"
        )

    def _on_behalf_field(self) -> list[str]:
        return ["reported_by"] if "reported_by" in self.fields else []

    def channel(self) -> dict:
        """``channel`` and ``reported_by`` for the report service: on someone's behalf when
        the coordination named who reported, else the signed-in user's own report."""
        reported_by = self.cleaned_data.get("reported_by", "").strip()
        if reported_by:
            return {"channel": ReportChannel.ON_BEHALF, "reported_by": reported_by}
        return {}

    def expected_version(self) -> int:
        """The version the form was opened with (0 if it came without its original)."""
        return self.cleaned_data["original"].version
