"""Files as the coordinator of another town keeps them (Stadt Musterhausen): a title row above
the headers, her own column names, her own actors and goals, German Excel habits. Not written
to fit the importer."""

from __future__ import annotations

import datetime
import io

import openpyxl

HEADERS = [
    "Nr",
    "Maßnahme",
    "Handlungsfeld",
    "Handlungsziel",
    "Federführung",
    "Kooperationspartner",
    "Zeitraum bis",
    "Kosten (€)",
    "Stand",
    "Bemerkungen intern",
]

ROWS = [
    [
        "3.1",
        "Sprachcafé im Stadtteiltreff Nord",
        "Bildung und Sprache",
        "Deutschkenntnisse von Erwachsenen verbessern",
        "Caritasverband Musterhausen e.V.",
        "Migrantenselbstorganisationen; Stadt – FB 50 Soziales",
        datetime.datetime(2025, 12, 31),
        1234.56,
        "in Umsetzung",
        "läuft gut",
    ],
    [
        None,
        "Bewerbungstraining für Geflüchtete",
        4,
        None,
        "Jobcenter Region",
        "Caritasverband Musterhausen e.V.\nStadt - FB 50 Soziales",
        45657,  # an Excel date serial without date format: 31.12.2024
        "2.500,00",
        "abgeschlossen",
        None,
    ],
]


def workbook_bytes(rows=ROWS, headers=HEADERS, title="Maßnahmenplan Integration 2025") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Maßnahmen 2025"
    if title:
        sheet.append([title])
        sheet.append(["Stand: 03.02.2025, Fachbereich 50"])
        sheet.append([])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    sheet.cell(row=sheet.max_row - len(rows) + 1, column=7).number_format = "DD.MM.YYYY"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CSV_1252 = (
    "Maßnahmenplan Integration 2025;;;;;;\r\n"
    "Nr;Maßnahme;Handlungsfeld;Federführung;Kooperationspartner;Zeitraum bis;Kosten (€);Stand\r\n"
    "5.1;Interkulturelle Woche;Teilhabe;Stadt – FB 50 Soziales;Caritasverband Musterhausen e.V., "
    "Jobcenter Region;30.09.2025;1.234,56;geplant\r\n"
    '5.2;„Begegnungsfest“ im Park;5;Migrantenselbstorganisationen;;15.06.2025;"12.000";geplant\r\n'
).encode("cp1252")
