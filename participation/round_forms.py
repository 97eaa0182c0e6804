"""Forms of the reporting rounds (crispy-forms, Bootstrap 5, German dates)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from concept.models import ActionField, Actor
from measures.models import OPEN_STATUSES, MeasureStatus

from .forms import DATE_FORMATS, DATE_INPUT
from .models import ReportingRound

_DUE_BEFORE_AS_OF = _("„Meldungen bis“ darf nicht vor dem Stichtag liegen.")


class RoundForm(forms.Form):
    """Opening a round: what it is called, the dates, and which measures it asks about."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Zum Beispiel „Sachstand zum 31.03.2027“."),
    )
    as_of = forms.DateField(
        label=_("Stichtag"),
        widget=DATE_INPUT,
        input_formats=DATE_FORMATS,
        help_text=_("Der Tag, zu dem der Sachstand gilt."),
    )
    due_on = forms.DateField(
        label=_("Meldungen bis"), widget=DATE_INPUT, input_formats=DATE_FORMATS
    )
    message = forms.CharField(
        label=_("Hinweis an die Akteure"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Steht in jeder Erinnerung und über dem Meldeformular."),
    )
    action_fields = forms.ModelMultipleChoiceField(
        label=_("Handlungsfelder"),
        queryset=ActionField.objects.order_by("order", "number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: alle Handlungsfelder."),
    )
    actors = forms.ModelMultipleChoiceField(
        label=_("federführende Akteure"),
        queryset=Actor.objects.only("pk", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: alle Akteure."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Status der Maßnahmen"),
        choices=MeasureStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Keine Auswahl: alle laufenden (geplant, in Umsetzung, verzögert)."),
    )
    remind_partners = forms.BooleanField(
        label=_("Partner einbeziehen"),
        required=False,
        help_text=_(
            "Auch die Mitglieder der Partner erhalten die Erinnerungen und können eine Notiz "
            "zu den Maßnahmen schreiben."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("as_of") and data.get("due_on") and data["due_on"] < data["as_of"]:
            self.add_error("due_on", _DUE_BEFORE_AS_OF)
        return data

    def selection(self) -> dict:
        """The selection as ``round_candidates``/``round_open`` take it (valid form)."""
        data = self.cleaned_data
        return {
            "action_fields": list(data.get("action_fields") or ()),
            "actors": list(data.get("actors") or ()),
            "statuses": list(data.get("statuses") or ()),
        }


DEFAULT_STATUSES = [str(s) for s in OPEN_STATUSES]


class RoundUpdateForm(forms.ModelForm):
    due_on = forms.DateField(
        label=_("Meldungen bis"), widget=DATE_INPUT, input_formats=DATE_FORMATS
    )

    class Meta:
        model = ReportingRound
        fields = ["title", "due_on", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        data = super().clean()
        if data.get("due_on") and data["due_on"] < self.instance.as_of:
            self.add_error("due_on", _DUE_BEFORE_AS_OF)
        return data
