"""Forms of participation (crispy-forms, Bootstrap 5, German dates)."""

from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concept.models import Goal
from core.widgets import FastSelect
from measures.models import Measure

from .models import (
    Conference,
    ConferenceResult,
    Need,
    Offer,
    SurveyResponse,
    SurveyRound,
)

DATE_INPUT = forms.DateInput(format="%d.%m.%Y", attrs={"placeholder": "TT.MM.JJJJ"})
DATETIME_INPUT = forms.DateTimeInput(
    format="%d.%m.%Y %H:%M", attrs={"placeholder": "TT.MM.JJJJ HH:MM"}
)
DATE_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M"]


_ANSWERED_FIELDS = _(
    "Zu diesen Handlungsfeldern gibt es schon Antworten; sie bleiben Teil der Abfrage: %(names)s."
)
_ANSWERED_ACTORS = _("Diese Akteure haben schon geantwortet und bleiben eingeladen: %(names)s.")


class SurveyRoundForm(forms.ModelForm):
    starts_on = forms.DateField(label=_("Beginn"), widget=DATE_INPUT, input_formats=DATE_FORMATS)
    ends_on = forms.DateField(
        label=_("Antworten bis"), widget=DATE_INPUT, input_formats=DATE_FORMATS
    )

    class Meta:
        model = SurveyRound
        fields = ["title", "description", "starts_on", "ends_on", "action_fields", "invited_actors"]
        widgets = {
            "action_fields": forms.CheckboxSelectMultiple,
            "invited_actors": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))
        elif (
            self.instance.pk is None
            and data.get("ends_on")
            and data["ends_on"] < timezone.localdate()
        ):
            # A new round entirely in the past would be closed before anyone could answer.
            self.add_error(
                "ends_on",
                _(
                    "Das Ende liegt in der Vergangenheit; die Abfrage wäre sofort geschlossen. "
                    "Bitte wählen Sie heute oder einen späteren Tag."
                ),
            )
        if self.instance.pk is not None:
            self._keep_answered("action_fields", "action_field", _ANSWERED_FIELDS)
            self._keep_answered("invited_actors", "actor", _ANSWERED_ACTORS)
        return data

    def _keep_answered(self, name: str, response_field: str, message) -> None:
        """Refuse to drop an action field or actor that already has answers in this round:
        the answers would vanish from the round's pages without a trace."""
        if name not in self.cleaned_data:
            return
        kept = {obj.pk for obj in self.cleaned_data[name]}
        answered = (
            SurveyResponse.objects.filter(survey_round=self.instance)
            .exclude(**{f"{response_field}__in": kept})
            .select_related(response_field)
        )
        names = sorted({str(getattr(r, response_field)) for r in answered})
        if names:
            self.add_error(name, message % {"names": ", ".join(names)})


class OptionalRowForm(forms.ModelForm):
    """A row of the answer. An extra (new) row may stay empty and is then ignored, so its
    fields are not marked as required; once anything in it is filled, they are (``what``
    with a message of its own)."""

    what_missing = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needed = [name for name, field in self.fields.items() if field.required]
        if self.instance.pk is None:
            for name in self.needed:
                self.fields[name].required = False

    def clean(self):
        data = super().clean()
        # Only runs for a changed row: the formset skips unchanged extra rows.
        for name in self.needed:
            if data.get(name) in (None, "") and name not in self.errors:
                required = self.fields[name].error_messages["required"]
                self.add_error(name, self.what_missing if name == "what" else required)
        return data


class OfferForm(OptionalRowForm):
    what_missing = _("Bitte nennen Sie das Angebot – oder leeren Sie die Zeile.")

    class Meta:
        model = Offer
        fields = ["what", "target_group", "frequency", "reach"]
        widgets = {"reach": forms.NumberInput(attrs={"min": 0})}


class NeedForm(OptionalRowForm):
    what_missing = _("Bitte nennen Sie, was fehlt – oder leeren Sie die Zeile.")

    class Meta:
        model = Need
        fields = ["what", "target_group", "urgency"]


OfferFormSet = inlineformset_factory(
    SurveyResponse, Offer, form=OfferForm, extra=2, can_delete=True
)
NeedFormSet = inlineformset_factory(SurveyResponse, Need, form=NeedForm, extra=2, can_delete=True)


class ResponseCommentForm(forms.Form):
    comment = forms.CharField(
        label=_("Anmerkungen"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    nothing_to_report = forms.BooleanField(
        label=_("Wir haben in diesem Handlungsfeld weder Angebote noch Bedarfe."),
        help_text=_("Nur nötig, wenn Sie eine Antwort ohne Angebote und Bedarfe absenden."),
        required=False,
    )


def formset_rows(formset) -> list[dict]:
    """The rows a user kept: changed, not marked for deletion; ``pk`` for existing ones."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        if not form.cleaned_data:
            continue
        row = {k: v for k, v in form.cleaned_data.items() if k in form._meta.fields}
        row["pk"] = form.instance.pk
        rows.append(row)
    return rows


class ConferenceForm(forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Beginn"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS
    )
    ends_at = forms.DateTimeField(
        label=_("Ende"), widget=DATETIME_INPUT, input_formats=DATETIME_FORMATS, required=False
    )

    class Meta:
        model = Conference
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "place",
            "agenda",
            "invited_actors",
            "attended_actors",
            "participant_count",
            "minutes",
        ]
        widgets = {
            "invited_actors": forms.CheckboxSelectMultiple,
            "attended_actors": forms.CheckboxSelectMultiple,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "attended_actors": _("Erst auszufüllen, wenn die Konferenz stattgefunden hat."),
            "participant_count": _("Erst auszufüllen, wenn die Konferenz stattgefunden hat."),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("Das Ende darf nicht vor dem Beginn liegen."))
        if data.get("starts_at") and timezone.localdate(data["starts_at"]) > timezone.localdate():
            # Who took part is known only once the conference has taken place.
            if data.get("attended_actors"):
                self.add_error(
                    "attended_actors",
                    _(
                        "Die Konferenz hat noch nicht stattgefunden; wer teilgenommen hat, "
                        "lässt sich erst ab ihrem Beginn erfassen."
                    ),
                )
            if data.get("participant_count") is not None:
                self.add_error(
                    "participant_count",
                    _(
                        "Die Konferenz hat noch nicht stattgefunden; die Zahl der "
                        "Teilnehmenden lässt sich erst ab ihrem Beginn erfassen."
                    ),
                )
        return data


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    """Django's multiple select, written without a template per option: with 5,000 measures
    the templates took a second on every visit of the conference page."""


class ConferenceResultForm(forms.ModelForm):
    measures = forms.ModelMultipleChoiceField(
        label=_("betrifft Maßnahmen"),
        queryset=Measure.objects.only("pk", "number", "title"),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 8}),
        help_text=_("Mehrere mit gedrückter Strg-Taste (Mac: Cmd) auswählen."),
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("betrifft Ziele"),
        queryset=Goal.objects.select_related("action_field"),
        required=False,
        widget=FastSelectMultiple(attrs={"size": 8}),
        help_text=_("Mehrere mit gedrückter Strg-Taste (Mac: Cmd) auswählen."),
    )

    class Meta:
        model = ConferenceResult
        fields = ["kind", "text", "measures", "goals"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class PublicationForm(forms.Form):
    is_published = forms.BooleanField(label=_("Transparenzseite öffentlich zeigen"), required=False)
    intro = forms.CharField(
        label=_("Einleitungstext"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
