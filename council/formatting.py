"""German formatting of snapshot values (which are strings, see snapshot.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from measures.models import MeasureStatus


def german_number(value, places: int = 2) -> str:
    if value is None or value == "":
        return "–"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def euro(value) -> str:
    return "–" if value in (None, "") else f"{german_number(value, 2)} €"


def german_date(value) -> str:
    if not value:
        return "–"
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d.%m.%Y")


def status_label(value) -> str:
    if not value:
        return "–"
    try:
        return str(MeasureStatus(value).label)
    except ValueError:
        return str(value)


def actor_name(actor: dict | None) -> str:
    return actor["name"] if actor else "–"


def yes_no(value) -> str:
    return _("ja") if value else _("nein")


def resources(measure: dict) -> str:
    """Staff and money of a snapshot measure in one short line."""
    if measure.get("no_extra_resources"):
        return _("keine zusätzlichen Ressourcen nötig")
    parts = []
    if measure.get("staff_hours_per_year"):
        parts.append(_("%s Std./Jahr") % german_number(measure["staff_hours_per_year"], 1))
    if measure.get("staff_fte"):
        parts.append(_("%s VZÄ") % german_number(measure["staff_fte"], 2))
    if measure.get("budget_amount"):
        parts.append(euro(measure["budget_amount"]))
    if measure.get("funding_source"):
        parts.append(f"({measure['funding_source']})")
    return " · ".join(parts) if parts else "–"
