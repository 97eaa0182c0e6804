"""Excel/CSV export of measures (django-import-export).

The filtered measure list with German column headers, which the import reads back
(``columns.py``); a text cell starting with ``= + - @`` (or a tab / carriage return) gets a
leading apostrophe so that spreadsheet programs do not run it as a formula (CSV/formula
injection). The import takes that apostrophe off again.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from import_export import fields, resources
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.text import strip_invisible

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class MeasureExportResource(resources.Resource):
    number = fields.Field(attribute="number", column_name="Nr.")
    title = fields.Field(attribute="title", column_name="Titel")
    action_field = fields.Field(attribute="action_field__name", column_name="Handlungsfeld")
    goal = fields.Field(attribute="goal__title", column_name="Ziel")
    description = fields.Field(attribute="description", column_name="Beschreibung")
    target_group = fields.Field(attribute="target_group", column_name="Zielgruppe")
    lead_actor = fields.Field(attribute="lead_actor__name", column_name="federführender Akteur")
    partners = fields.Field(column_name="Kooperationspartner")
    status = fields.Field(column_name="Status")
    progress = fields.Field(attribute="progress", column_name="Fortschritt (%)")
    start_date = fields.Field(column_name="Beginn")
    deadline = fields.Field(column_name="Frist")
    indicator = fields.Field(attribute="indicator", column_name="Indikator")
    indicator_unit = fields.Field(attribute="indicator_unit", column_name="Einheit")
    indicator_baseline = fields.Field(attribute="indicator_baseline", column_name="Ausgangswert")
    indicator_target = fields.Field(attribute="indicator_target", column_name="Zielwert")
    indicator_current = fields.Field(attribute="indicator_current", column_name="aktueller Wert")
    staff_hours = fields.Field(
        attribute="staff_hours_per_year", column_name="Personal (Stunden pro Jahr)"
    )
    staff_fte = fields.Field(attribute="staff_fte", column_name="Personal (VZÄ)")
    budget_amount = fields.Field(attribute="budget_amount", column_name="Finanzmittel (€)")
    funding_source = fields.Field(attribute="funding_source", column_name="Finanzierungsquelle")
    budget_years = fields.Field(attribute="budget_years", column_name="Haushaltsjahr(e)")
    smart = fields.Field(column_name="SMART")

    class Meta:
        export_order = [
            "number",
            "title",
            "action_field",
            "goal",
            "description",
            "target_group",
            "lead_actor",
            "partners",
            "status",
            "progress",
            "start_date",
            "deadline",
            "indicator",
            "indicator_unit",
            "indicator_baseline",
            "indicator_target",
            "indicator_current",
            "staff_hours",
            "staff_fte",
            "budget_amount",
            "funding_source",
            "budget_years",
            "smart",
        ]

    def dehydrate_partners(self, measure):
        return "; ".join(sorted(a.name for a in measure.partners.all()))

    def dehydrate_status(self, measure):
        return str(measure.get_status_display())

    def dehydrate_start_date(self, measure):
        return measure.start_date or ""  # a date: a date cell in Excel, TT.MM.JJJJ in the CSV

    def dehydrate_deadline(self, measure):
        return measure.deadline or ""

    def dehydrate_smart(self, measure):
        result = measure.smart_check()
        return _("ja") if result.is_smart else _("nein, fehlt: %s") % result.missing_names

    def export_field(self, field, instance, **kwargs):
        if field.column_name in NUMBER_COLUMNS:
            # numbers stay numbers: spreadsheet cells one can add up (never a formula)
            value = field.get_value(instance)
            return "" if value is None else value
        value = super().export_field(field, instance, **kwargs)
        if value is None:
            return ""
        if isinstance(value, str):
            value = strip_invisible(value)  # old data: the cell shows what is stored
        return neutralise_formula(value)


NUMBER_COLUMNS = {
    "Fortschritt (%)",
    "Ausgangswert",
    "Zielwert",
    "aktueller Wert",
    "Personal (Stunden pro Jahr)",
    "Personal (VZÄ)",
    "Finanzmittel (€)",
}


def _german_number(value):
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return value


# Excel number formats by column (Excel shows them in the reader's locale: 12.500,00 €).
CELL_FORMATS = {
    "Beginn": "DD.MM.YYYY",
    "Frist": "DD.MM.YYYY",
    "Fortschritt (%)": "0",
    "Ausgangswert": "#,##0.00",
    "Zielwert": "#,##0.00",
    "aktueller Wert": "#,##0.00",
    "Personal (Stunden pro Jahr)": "#,##0.0",
    "Personal (VZÄ)": "0.00",
    "Finanzmittel (€)": '#,##0.00 "€"',
}


def xlsx_for_excel(dataset, title: str) -> bytes:
    """The dataset as a workbook one can work with: a named sheet, a bold and frozen header
    row, dates as date cells, numbers as number cells with German-looking formats."""
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(dataset.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    formatted = [
        (column, CELL_FORMATS[header])
        for column, header in enumerate(dataset.headers, start=1)
        if header in CELL_FORMATS
    ]
    # Cells by their coordinates: ``sheet.max_row`` scans every cell of the sheet, which made
    # 5,000 measures take a minute (quadratic).
    for row_number, row in enumerate(dataset, start=2):
        sheet.append(list(row))
        for column, number_format in formatted:
            cell = sheet.cell(row=row_number, column=column)
            if cell.value not in (None, ""):
                cell.number_format = number_format
    for index, header in enumerate(dataset.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, min(len(header) + 4, 40))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_for_excel(dataset) -> bytes:
    """The dataset as Excel with German settings opens it: semicolons between the columns,
    decimal commas (6500,00; no thousands separator, so it stays a number), UTF-8 with a BOM."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(dataset.headers)
    for row in dataset:
        writer.writerow([_german_number(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
