"""Import of past status reports (Sachstände): measure number, date, status, text, progress,
indicator value. A concept that has run for years arrives with its history."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.tabular import parse_date, parse_decimal

from .. import services
from ..models import Measure, MeasureStatus, StatusUpdate
from .base import NEW, SKIP, Column, Importer, PlanRow, text
from .values import measure_number, parse_progress, parse_status

REPORT_COLUMNS = (
    Column(
        "number",
        "Nummer",
        ("Nr", "Nr.", "Maßnahme Nr", "Maßnahmen-Nr", "Maßnahmennummer"),
        _lazy("Nummer einer vorhandenen Maßnahme, z. B. 3.2"),
        required=True,
    ),
    Column(
        "date",
        "Datum",
        ("Stand", "Berichtsdatum", "Stichtag", "gemeldet am"),
        _lazy("TT.MM.JJJJ oder Excel-Datum"),
        required=True,
    ),
    Column(
        "status",
        "Status",
        ("Umsetzungsstand",),
        _lazy("geplant, in Umsetzung, abgeschlossen, verzögert oder abgebrochen"),
        required=True,
    ),
    Column(
        "progress",
        "Fortschritt (%)",
        ("Fortschritt", "Fortschritt in %"),
        _lazy("0 bis 100; leer: abgeschlossen 100, sonst der letzte Stand"),
    ),
    Column("text", "Sachstand", ("Text", "Bericht", "Bemerkung", "Sachstandsbericht", "Kommentar")),
    Column("indicator_value", "Indikatorwert", ("aktueller Wert", "Ist-Wert", "Ist", "Wert")),
)


class ReportImporter(Importer):
    kind = "reports"
    title = _lazy("Sachstände")
    columns = REPORT_COLUMNS

    def plan_rows(self, plan, table):
        measures = {m.number: m for m in Measure.objects.all()}
        existing = set(
            StatusUpdate.objects.values_list("measure_id", "reported_on", "status", "text")
        )
        last_progress = {m.pk: m.progress for m in measures.values()}
        seen: dict[tuple, int] = {}
        parsed = []
        for row in table.rows:
            entry = PlanRow(line=row.line)
            plan.rows.append(entry)
            values = row.values
            number, note = measure_number(values.get("number"))
            if note:
                entry.notes.append(note)
            measure = measures.get(number)
            if not number:
                entry.error(self.label("number"), "", _("Pflichtangabe fehlt."))
            elif measure is None:
                entry.error(
                    self.label("number"),
                    number,
                    _(
                        "Eine Maßnahme mit dieser Nummer gibt es nicht (zuerst die Maßnahmen "
                        "importieren)."
                    ),
                )
            report = StatusUpdate(measure=measure, text=text(values.get("text")))
            for column, attr, parse in (
                ("date", "reported_on", parse_date),
                ("indicator_value", "indicator_value", parse_decimal),
            ):
                try:
                    setattr(report, attr, parse(values.get(column)))
                except ValueError as error:
                    entry.error(self.label(column), text(values.get(column)), str(error))
            if "date" not in {e.column for e in entry.errors} and report.reported_on is None:
                entry.error(self.label("date"), "", _("Pflichtangabe fehlt."))
            status_ok = False
            try:
                report.status = parse_status(values.get("status"))
                status_ok = True
            except ValueError as error:
                entry.error(
                    self.label("status"),
                    text(values.get("status")),
                    str(error) if text(values.get("status")) else _("Pflichtangabe fehlt."),
                )
            progress = None
            if text(values.get("progress")):
                try:
                    progress = parse_progress(values.get("progress"))
                except ValueError as error:
                    entry.error(self.label("progress"), text(values.get("progress")), str(error))
                    status_ok = False
            if status_ok and report.status == MeasureStatus.COMPLETED:
                if progress is None:
                    entry.notes.append(_("abgeschlossen ohne Fortschritt: 100 % angenommen"))
                    progress = 100
                elif progress != 100:
                    entry.error(
                        self.label("progress"),
                        text(values.get("progress")),
                        _("Passt nicht zu „abgeschlossen“: abgeschlossen ist 100 %."),
                    )
            report.progress = progress
            entry.obj = report
            entry.label = (
                f"{number} – {report.reported_on:%d.%m.%Y}" if report.reported_on else number
            )
            if entry.errors or measure is None:
                continue
            key = (measure.pk, report.reported_on, report.status, report.text)
            if key in seen:
                entry.error("", "", _("Derselbe Sachstand steht schon in Zeile %s.") % seen[key])
                continue
            seen[key] = row.line
            entry.kind = SKIP if key in existing else NEW
            parsed.append(entry)
        # progress left empty: the last known progress of the measure, in date order
        for entry in sorted(parsed, key=lambda e: e.obj.reported_on):
            report = entry.obj
            if report.progress is None:
                report.progress = last_progress.get(report.measure.pk, 0)
                entry.notes.append(_("ohne Fortschritt: %s %% wie zuletzt") % report.progress)
            last_progress[report.measure.pk] = report.progress
            try:
                report.full_clean(exclude=["measure", "author"], validate_constraints=False)
            except ValidationError as error:
                for message in error.messages:
                    entry.error("", "", message)

    def write(self, plan, *, user):
        services.status_reports_import(
            user=user, reports=[row.obj for row in plan.rows if row.kind == NEW]
        )
