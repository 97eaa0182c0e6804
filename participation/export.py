"""The answers of a survey round as an Excel workbook.

Sheets: „Stand“ (one row per invited actor and asked action field: status, date sent,
number of offers and needs, remarks – also the rows nobody has answered yet), „Bestand“
(offers) and „Bedarf“ (needs). Dates are real date cells shown as TT.MM.JJJJ; every text
cell is defused against formula injection; headers are bold, frozen and filterable.
"""

from __future__ import annotations

from io import BytesIO

from django.db.models import Count
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from measures.resources import neutralise_formula

from .filenames import ascii_slug
from .models import Need, Offer, SurveyResponse, SurveyRound

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GERMAN_DATE = "DD.MM.YYYY"
NOT_STARTED = "offen"


def _sheet(workbook, title, columns, rows):
    """``columns``: (header, width) pairs; ``rows``: lists of cell values."""
    sheet = workbook.create_sheet(title)
    sheet.append([header for header, _width in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        # Every cell, not only the free-text answers: actor names and the like are typed in
        # by people too, and a cell starting with =, +, - or @ would run as a formula.
        sheet.append([neutralise_formula(value) for value in row])
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if cell.is_date:
                cell.number_format = GERMAN_DATE
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    sheet.print_title_rows = "1:1"
    return sheet


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


def _progress_rows(survey_round: SurveyRound) -> list[list]:
    """Every invited actor × asked field, answered or not (queries: fields, actors, answers)."""
    fields = list(survey_round.action_fields.all())
    actors = list(survey_round.invited_actors.all())
    responses = {
        (r.actor_id, r.action_field_id): r
        for r in SurveyResponse.objects.filter(survey_round=survey_round).annotate(
            offer_count=Count("offers", distinct=True), need_count=Count("needs", distinct=True)
        )
    }
    rows = []
    for actor in actors:
        for field in fields:
            response = responses.get((actor.pk, field.pk))
            if response is None:
                rows.append([actor.name, str(field), NOT_STARTED, None, 0, 0, ""])
                continue
            rows.append(
                [
                    actor.name,
                    str(field),
                    response.get_status_display(),
                    _local_date(response.submitted_at) if response.is_submitted else None,
                    response.offer_count,
                    response.need_count,
                    response.comment,
                ]
            )
    return rows


def render(survey_round: SurveyRound) -> tuple[str, str, bytes]:
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        "Stand",
        [
            ("Akteur", 34),
            ("Handlungsfeld", 28),
            ("Status", 12),
            ("abgesendet am", 14),
            ("Angebote", 10),
            ("Bedarfe", 10),
            ("Anmerkungen", 50),
        ],
        _progress_rows(survey_round),
    )
    common = ("response__action_field", "response__actor")
    order = ("response__action_field__number", "response__actor__name", "pk")
    offers = (
        Offer.objects.filter(response__survey_round=survey_round)
        .select_related(*common)
        .order_by(*order)
    )
    needs = (
        Need.objects.filter(response__survey_round=survey_round)
        .select_related(*common, "measure")
        .order_by(*order)
    )
    _sheet(
        workbook,
        "Bestand",
        [
            ("Handlungsfeld", 28),
            ("Akteur", 34),
            ("Status", 12),
            ("Angebot", 50),
            ("für wen", 30),
            ("wie oft", 18),
            ("Reichweite", 12),
            ("abgesendet am", 14),
        ],
        [
            [
                str(o.response.action_field),
                o.response.actor.name,
                o.response.get_status_display(),
                o.what,
                o.target_group,
                o.frequency,
                o.reach,
                _local_date(o.response.submitted_at) if o.response.is_submitted else None,
            ]
            for o in offers
        ],
    )
    _sheet(
        workbook,
        "Bedarf",
        [
            ("Handlungsfeld", 28),
            ("Akteur", 34),
            ("Status", 12),
            ("was fehlt", 50),
            ("für wen", 30),
            ("Dringlichkeit", 14),
            ("Maßnahme", 12),
            ("abgesendet am", 14),
        ],
        [
            [
                str(n.response.action_field),
                n.response.actor.name,
                n.response.get_status_display(),
                n.what,
                n.target_group,
                n.get_urgency_display(),
                n.measure.number if n.measure else "",
                _local_date(n.response.submitted_at) if n.response.is_submitted else None,
            ]
            for n in needs
        ],
    )
    workbook.properties.title = survey_round.title
    workbook.properties.language = "de-DE"
    buffer = BytesIO()
    workbook.save(buffer)
    filename = f"abfrage-{ascii_slug(survey_round.title, 'antworten')}.xlsx"
    return filename, XLSX, buffer.getvalue()
