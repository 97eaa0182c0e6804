"""Open data: exactly the measures the public page shows, as records for CSV, JSON and the API.

Built on ``overview.public_fields`` (the same choice of measures, the same live status), plus
what the page's table leaves out but the edition states: goal, partners, start, indicator with
unit, baseline and target. Those come from the adopted edition (what the council decided);
the current indicator value is live. Without an edition: all live, like the page.

Nothing internal: no notes, no contact persons, e-mail addresses or phone numbers, no staff
or budget figures; actors appear by their (organisation's) name only, as on the page.
Cached under the published data version (``public.cache``), like the page.
"""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _

from council.snapshot import measures_by_field
from measures.models import Measure
from measures.resources.export import neutralise_formula

from . import cache, overview

# The keys of one measure record, in the order of the CSV columns.
MEASURE_KEYS = (
    "number",
    "title",
    "action_field_number",
    "action_field",
    "goal",
    "lead_actor",
    "partners",
    "start_date",
    "deadline",
    "deadline_at_adoption",
    "status",
    "status_label",
    "progress",
    "last_report",
    "indicator",
    "indicator_unit",
    "indicator_baseline",
    "indicator_target",
    "indicator_current",
    "is_smart",
    "dropped",
)
ACTION_FIELD_KEYS = (
    "number",
    "name",
    "short_description",
    "measure_count",
    "dropped_count",
    "status_counts",
)
LIVE_EXTRAS = (
    "goal__title",
    "start_date",
    "indicator",
    "indicator_unit",
    "indicator_baseline",
    "indicator_target",
    "indicator_current",
)


def licence() -> dict:
    return {"name": settings.PUBLIC_DATA_LICENCE, "url": settings.PUBLIC_DATA_LICENCE_URL}


def _number(value) -> float | int | None:
    if value is None or value == "":
        return None
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def _iso(value) -> datetime.date | None:
    if isinstance(value, str):
        return datetime.date.fromisoformat(value) if value else None
    return value


def _live_extras(pks: list[int]) -> dict[int, dict]:
    """Goal, start, indicator and partners of the live measures: two queries for all."""
    extras = {
        row["pk"]: {**row, "partners": []}
        for row in Measure.objects.filter(pk__in=pks).values("pk", *LIVE_EXTRAS)
    }
    partners = (
        Measure.partners.through.objects.filter(measure_id__in=pks)
        .order_by("actor__name", "actor_id")
        .values_list("measure_id", "actor__name")
    )
    for measure_id, name in partners:
        extras[measure_id]["partners"].append(name)
    return extras


def _from_snapshot(m: dict) -> dict:
    return {
        "goal__title": (m.get("goal") or {}).get("title"),
        "start_date": m.get("start_date"),
        "indicator": m.get("indicator", ""),
        "indicator_unit": m.get("indicator_unit", ""),
        "indicator_baseline": m.get("indicator_baseline"),
        "indicator_target": m.get("indicator_target"),
        "indicator_current": m.get("indicator_current"),
        "partners": [p["name"] for p in m.get("partners") or []],
    }


def _record(field, m: overview.PublicMeasure, adopted: dict | None, now: dict | None) -> dict:
    extra = adopted if adopted is not None else (now or {})
    current = (now or extra).get("indicator_current")
    return {
        "number": m.number,
        "title": m.title,
        "action_field_number": field.number,
        "action_field": field.name,
        "goal": extra.get("goal__title") or None,
        "lead_actor": m.lead_actor.name if m.lead_actor else None,
        "partners": list(extra.get("partners", [])),
        "start_date": _iso(extra.get("start_date")),
        "deadline": m.deadline,
        "deadline_at_adoption": m.deadline_at_adoption,
        "status": m.status,
        "status_label": m.get_status_display(),
        "progress": m.progress,
        "last_report": m.last_report,
        "indicator": extra.get("indicator") or "",
        "indicator_unit": extra.get("indicator_unit") or "",
        "indicator_baseline": _number(extra.get("indicator_baseline")),
        "indicator_target": _number(extra.get("indicator_target")),
        "indicator_current": _number(current),
        "is_smart": m.is_smart,
        "dropped": m.deleted,
    }


def _action_field(entry: dict) -> dict:
    measures = entry["measures"]
    return {
        "number": entry["field"].number,
        "name": entry["field"].name,
        "short_description": entry["field"].short_description,
        "measure_count": len(measures),
        "dropped_count": sum(1 for m in measures if m.deleted),
        "status_counts": {code: n for code, _label, n in overview.status_counts(measures)},
    }


def build() -> dict:
    """Edition, measure records and action fields as the page shows them (uncached)."""
    edition = overview.adopted_edition()
    fields, _facts = overview.public_fields(edition)
    adopted = {}
    if edition is not None:
        adopted = {
            m["number"]: _from_snapshot(m)
            for _f, measures in measures_by_field(edition.snapshot or {})
            for m in measures
        }
    pks = [m.pk for entry in fields for m in entry["measures"] if m.pk is not None]
    live = _live_extras(pks)
    return {
        "edition": {"title": edition.title, "decided_on": edition.decided_on}
        if edition is not None
        else None,
        "measures": [
            _record(entry["field"], m, adopted.get(m.number), live.get(m.pk))
            for entry in fields
            for m in entry["measures"]
        ],
        "action_fields": [_action_field(entry) for entry in fields],
    }


def data(version: str | None = None) -> dict:
    """``build()`` from the cache, under the published data version."""
    return cache.cached("open-data", build, version)


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def measure_json(record: dict) -> dict:
    return {key: _json_value(record[key]) for key in MEASURE_KEYS}


def measures_document(payload: dict) -> dict:
    """The JSON download and ``/api/v1/measures/``: licence, edition, measures."""
    edition = payload["edition"]
    return {
        "licence": licence(),
        "edition": {"title": edition["title"], "decided_on": _json_value(edition["decided_on"])}
        if edition
        else None,
        "count": len(payload["measures"]),
        "measures": [measure_json(r) for r in payload["measures"]],
    }


def csv_headers() -> list[str]:
    return [
        _("Nr."),
        _("Maßnahme"),
        _("Handlungsfeld Nr."),
        _("Handlungsfeld"),
        _("Ziel"),
        _("federführend"),
        _("Partner"),
        _("Beginn"),
        _("Frist"),
        _("Frist beim Beschluss"),
        _("Status-Code"),
        _("Status"),
        _("Fortschritt (%)"),
        _("Stand vom"),
        _("Indikator"),
        _("Einheit"),
        _("Ausgangswert"),
        _("Zielwert"),
        _("aktueller Wert"),
        _("SMART"),
        _("entfallen"),
    ]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float | int):
        return str(value).replace(".", ",")  # German Excel: decimal comma
    if isinstance(value, list):
        value = ", ".join(value)
    return neutralise_formula(str(value))


def measures_csv(payload: dict) -> str:
    """UTF-8 with BOM, ``;`` between the cells (what German Excel opens as it is)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(csv_headers())
    for record in payload["measures"]:
        writer.writerow([_csv_value(record[key]) for key in MEASURE_KEYS])
    return out.getvalue()
