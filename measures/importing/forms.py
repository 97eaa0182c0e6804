"""The upload form of the imports and the preview's choices read back from a POST."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

KIND_CHOICES = [
    ("measures", _("Maßnahmen")),
    ("actors", _("Akteure")),
    ("goals", _("Ziele")),
    ("reports", _("Sachstände (auch frühere)")),
]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Was wird importiert?"),
        choices=KIND_CHOICES,
        initial="measures",
        required=False,  # without: measures
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("Datei (.xlsx oder .csv)"),
        validators=[FileExtensionValidator(["xlsx", "csv", "txt"])],
        help_text=_(
            "Excel (.xlsx) oder CSV (Semikolon oder Komma, UTF-8 oder Windows-1252). "
            "Titelzeilen über der Kopfzeile stören nicht."
        ),
    )

    def clean_kind(self):
        return self.cleaned_data.get("kind") or "measures"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Die Datei ist größer als %(mb)s MB. Bitte teilen Sie sie auf.")
                % {"mb": f"{limit / 1_000_000:.0f}"}
            )
        return upload


CHOICE_PARTS = ("name", "kind", "email", "target")


def decisions_from(data) -> dict:
    """``<key>-choice``, ``<key>-name``, … of the preview form → ``{key: {...}}``."""
    decisions = {}
    for name, value in data.items():
        if name.endswith("-choice") and value:
            key = name[: -len("-choice")]
            decisions[key] = {"choice": value}
            for part in CHOICE_PARTS:
                decisions[key][part] = data.get(f"{key}-{part}", "")
    return decisions
