"""The answers of a survey round as an Excel workbook (one sheet for offers, one for needs)."""

from __future__ import annotations

from io import BytesIO

from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from measures.resources import neutralise_formula

from .models import Need, Offer, SurveyRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(workbook, title, header, rows):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Every cell, not only the free-text answers: actor names and the like are typed in
        # by people too, and a cell starting with =, +, - or @ would run as a formula.
        sheet.append([neutralise_formula(value) for value in row])
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHI", (28, 34, 12, 50, 30, 18, 16, 16), strict=False):
        sheet.column_dimensions[column].width = width


def render(survey_round: SurveyRound) -> tuple[str, str, bytes]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    common = ("response__action_field", "response__actor")
    offers = Offer.objects.filter(response__survey_round=survey_round).select_related(*common)
    needs = (
        Need.objects.filter(response__survey_round=survey_round)
        .select_related(*common, "measure")
        .order_by("response__action_field__number", "response__actor__name", "pk")
    )
    offers = offers.order_by("response__action_field__number", "response__actor__name", "pk")
    _sheet(
        workbook,
        "Bestand",
        ["Handlungsfeld", "Akteur", "Status", "Angebot", "für wen", "wie oft", "Reichweite"],
        [
            [
                str(o.response.action_field),
                o.response.actor.name,
                o.response.get_status_display(),
                o.what,
                o.target_group,
                o.frequency,
                o.reach,
            ]
            for o in offers
        ],
    )
    _sheet(
        workbook,
        "Bedarf",
        ["Handlungsfeld", "Akteur", "Status", "was fehlt", "für wen", "Dringlichkeit", "Maßnahme"],
        [
            [
                str(n.response.action_field),
                n.response.actor.name,
                n.response.get_status_display(),
                n.what,
                n.target_group,
                n.get_urgency_display(),
                n.measure.number if n.measure else "",
            ]
            for n in needs
        ],
    )
    buffer = BytesIO()
    workbook.save(buffer)
    return f"abfrage-{slugify(survey_round.title)}.xlsx", XLSX, buffer.getvalue()
