"""Forms of the page "Gemeinde & Darstellung" and of the action fields."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import branding
from .models import ActionField, MunicipalityProfile


class ColorInput(forms.TextInput):
    """A text box for ``#rrggbb``: typed values stay as typed (a colour picker would not
    show an invalid value back)."""

    def __init__(self, attrs=None):
        super().__init__(
            {"pattern": "#[0-9a-fA-F]{6}", "size": 8, "autocomplete": "off", **(attrs or {})}
        )


class MunicipalityProfileForm(forms.ModelForm):
    remove_coat_of_arms = forms.BooleanField(label=_("Wappen entfernen"), required=False)

    class Meta:
        model = MunicipalityProfile
        fields = [
            "name",
            "short_name",
            "concept_title",
            "coordination_office",
            "coat_of_arms",
            "primary_color",
            "secondary_color",
            "paper_number_format",
            "municipality_url",
            "imprint_url",
            "privacy_url",
        ]
        widgets = {
            "coat_of_arms": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
            "primary_color": ColorInput(),
            "secondary_color": ColorInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coat_of_arms"].widget = forms.FileInput(
            attrs={"accept": "image/png,image/jpeg"}
        )
        defaults = branding.build({})
        placeholders = {
            "name": defaults.name,
            "concept_title": defaults.concept_title,
            "coordination_office": defaults.coordination_office,
            "primary_color": defaults.primary_color,
            "secondary_color": defaults.secondary_color,
            "paper_number_format": defaults.paper_number_format,
            "municipality_url": defaults.municipality_url,
        }
        for name, value in placeholders.items():
            self.fields[name].widget.attrs["placeholder"] = value
        self.fields["paper_number_format"].help_text = _("%(help)s Beispiel: %(example)s.") % {
            "help": self.fields["paper_number_format"].help_text,
            "example": branding.paper_number_example(self._example_format()),
        }

    def _example_format(self) -> str:
        """The typed format if it is valid, else the stored one (or the default)."""
        typed = self.data.get("paper_number_format") if self.is_bound else None
        for pattern in (typed, self.instance.paper_number_format):
            if pattern:
                try:
                    branding.validate_paper_number_format(pattern)
                except forms.ValidationError:
                    continue
                return pattern
        return branding.DEFAULT_PAPER_NUMBER_FORMAT

    def clean(self):
        data = super().clean()
        if data.get("remove_coat_of_arms") and not self.files.get("coat_of_arms"):
            data["coat_of_arms"] = ""
        elif not self.files.get("coat_of_arms"):
            data["coat_of_arms"] = None  # keep the stored one
        return data


class ActionFieldForm(forms.ModelForm):
    class Meta:
        model = ActionField
        fields = ["number", "name", "order", "short_description", "guiding_goal"]
        widgets = {
            "short_description": forms.Textarea(attrs={"rows": 2}),
            "guiding_goal": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False
        self.fields["order"].help_text = _(
            "Kleinere Zahlen stehen weiter vorn; leer: wie die Nummer."
        )
