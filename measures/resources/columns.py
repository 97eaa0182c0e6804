"""The columns of the measure import, and the names a file may give them.

A column can be named three ways: its technical name (``action_field_number``, the format of
``measures/demo_data/measures.csv``), its German label (``Handlungsfeld``) or the header of our
own export (``Nr.``, ``Finanzmittel (€)``). So a list exported from ``/massnahmen/`` can be
edited in Excel and read back as it is. The export's read-only columns (progress and current
value come from the status reports, SMART is computed) are recognised and left out.
"""

from __future__ import annotations

from .export import MeasureExportResource

IMPORT_COLUMNS = {
    # column -> (model attribute, German label: a column name too, and used in messages)
    "number": ("number", "Nummer"),
    "action_field_number": ("action_field", "Handlungsfeld"),
    "goal": ("goal", "Ziel"),
    "title": ("title", "Titel"),
    "description": ("description", "Beschreibung"),
    "target_group": ("target_group", "Zielgruppe"),
    "lead_actor": ("lead_actor", "federführender Akteur"),
    "partners": ("partners", "Kooperationspartner"),
    "start": ("start_date", "Beginn"),
    "deadline": ("deadline", "Frist"),
    "staff_hours_per_year": ("staff_hours_per_year", "Personal (Stunden pro Jahr)"),
    "staff_fte": ("staff_fte", "Personal (VZÄ)"),
    "budget_eur": ("budget_amount", "Finanzmittel (€)"),
    "funding_source": ("funding_source", "Finanzierungsquelle"),
    "budget_years": ("budget_years", "Haushaltsjahr(e)"),
    "indicator": ("indicator", "Indikator"),
    "unit": ("indicator_unit", "Einheit"),
    "baseline": ("indicator_baseline", "Ausgangswert"),
    "target": ("indicator_target", "Zielwert"),
    "status": ("status", "Status"),
}
REQUIRED_COLUMNS = ("action_field_number", "title")
TEXT_COLUMNS = (
    "title",
    "description",
    "target_group",
    "funding_source",
    "budget_years",
    "indicator",
    "unit",
)
DECIMAL_COLUMNS = ("staff_hours_per_year", "staff_fte", "budget_eur", "baseline", "target")
DATE_COLUMNS = ("start", "deadline")

# export field (measures/resources/export.py) -> import column
_FROM_EXPORT = {
    "number": "number",
    "title": "title",
    "action_field": "action_field_number",
    "goal": "goal",
    "description": "description",
    "target_group": "target_group",
    "lead_actor": "lead_actor",
    "partners": "partners",
    "status": "status",
    "start_date": "start",
    "deadline": "deadline",
    "indicator": "indicator",
    "indicator_unit": "unit",
    "indicator_baseline": "baseline",
    "indicator_target": "target",
    "staff_hours": "staff_hours_per_year",
    "staff_fte": "staff_fte",
    "budget_amount": "budget_eur",
    "funding_source": "funding_source",
    "budget_years": "budget_years",
}
_EXPORT_FIELDS = MeasureExportResource.fields
READ_ONLY = [_EXPORT_FIELDS[key].column_name for key in _EXPORT_FIELDS if key not in _FROM_EXPORT]

_BY_NAME: dict[str, str] = {}
for _column, (_attr, _label) in IMPORT_COLUMNS.items():
    _BY_NAME[_column.casefold()] = _column
    _BY_NAME[_label.casefold()] = _column
for _key, _column in _FROM_EXPORT.items():
    _BY_NAME[_EXPORT_FIELDS[_key].column_name.casefold()] = _column


def column_for(header: str) -> str | None:
    """The import column a header names, or None."""
    return _BY_NAME.get(header.strip().casefold())


def label(column: str) -> str:
    return IMPORT_COLUMNS[column][1]


def ignored(headers) -> tuple[list[str], list[str]]:
    """The headers of a file (after ``column_for``) that are not imported: (read-only columns
    of our export, unknown names)."""
    read_only = {name.casefold() for name in READ_ONLY}
    skipped = [h for h in headers if h and h not in IMPORT_COLUMNS]
    return (
        [h for h in skipped if h.casefold() in read_only],
        [h for h in skipped if h.casefold() not in read_only],
    )
