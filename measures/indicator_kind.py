"""What kind of number an indicator counts: it decides how its values are shown."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    COUNT = "count", _("Anzahl (ganze Zahl)")
    PERCENT = "percent", _("Anteil in %")
    MONEY = "money", _("Betrag in €")
    DECIMAL = "decimal", _("Dezimalzahl")


def kind_from_unit(unit: str) -> str:
    """A sensible kind for a unit typed before kinds existed (used by the data migration and
    the importer when a file has no kind column)."""
    text = (unit or "").strip().lower()
    if text in {"%", "prozent", "anteil", "anteil in %"} or text.startswith("%"):
        return IndicatorKind.PERCENT
    if text in {"€", "eur", "euro"} or "€" in text:
        return IndicatorKind.MONEY
    if any(word in text for word in ("stunde", "std", "km", "quote", "schnitt", "durchschnitt")):
        return IndicatorKind.DECIMAL
    return IndicatorKind.COUNT
