"""Example files for the import, written from what the database holds (``import_example``):
after ``loaddemo`` they show a new municipality what its own files may look like, and they
read back unchanged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from concept.models import Actor, Goal

from ..models import Measure, StatusUpdate
from .actors import ACTOR_COLUMNS, GOAL_COLUMNS
from .measure_columns import COLUMNS as MEASURE_COLUMNS
from .reports import REPORT_COLUMNS

FILES = {
    "akteure.xlsx": "actors",
    "ziele.xlsx": "goals",
    "massnahmen.xlsx": "measures",
    "sachstaende.xlsx": "reports",
}


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def _write(path: Path, title: str, columns, rows) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([column.label for column in columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for index, column in enumerate(columns):
        if column.key in ("start", "deadline", "date"):
            for (cell,) in sheet.iter_rows(min_row=3, min_col=index + 1, max_col=index + 1):
                cell.number_format = "DD.MM.YYYY"
    book.save(path)


def write_examples(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    actors = [
        (a.name, a.short_name, a.get_kind_display(), a.email, a.contact_person, a.phone, a.website)
        for a in Actor.objects.order_by("name")
    ]
    goals = [
        (g.action_field.number, g.title, g.description)
        for g in Goal.objects.select_related("action_field")
    ]
    measures = []
    for m in Measure.objects.select_related("action_field", "goal", "lead_actor").prefetch_related(
        "partners"
    ):
        measures.append(
            (
                m.number, m.action_field.number, m.goal.title if m.goal else "", m.title,
                m.description, m.target_group, m.lead_actor.name if m.lead_actor else "",
                "; ".join(sorted(p.name for p in m.partners.all())), m.start_date, m.deadline,
                m.staff_hours_per_year, m.staff_fte, m.budget_amount, m.funding_source,
                m.budget_years, m.indicator, m.indicator_unit, m.indicator_baseline,
                m.indicator_target, m.indicator_current, m.get_status_display(), m.progress,
            )
        )  # fmt: skip
    reports = [
        (r.measure.number, r.reported_on, r.get_status_display(), r.progress, r.text,
         r.indicator_value)
        for r in StatusUpdate.objects.select_related("measure").order_by("reported_on", "pk")
    ]  # fmt: skip
    content = {
        "actors": ("Akteure", ACTOR_COLUMNS, actors),
        "goals": ("Ziele", GOAL_COLUMNS, goals),
        "measures": ("Maßnahmen", MEASURE_COLUMNS, measures),
        "reports": ("Sachstände", REPORT_COLUMNS, reports),
    }
    for name, kind in FILES.items():
        title, columns, rows = content[kind]
        path = folder / name
        _write(path, f"{title} (Beispiel)", columns, rows)
        paths.append(path)
    return paths
