"""The OpenAPI 3.1 description of ``/api/v1/``, written by hand (no dependency).

``public/tests/test_api.py`` checks that every path answers and that every schema's
properties are exactly the keys the API returns.
"""

from __future__ import annotations

from measures.models import MeasureStatus

from . import open_data

PREFIX = "/api/v1"


def _string(description: str, nullable: bool = False, **extra) -> dict:
    return {
        "type": ["string", "null"] if nullable else "string",
        "description": description,
        **extra,
    }


def _date(description: str) -> dict:
    return _string(description, nullable=True, format="date")


def _decimal(description: str) -> dict:
    return {"type": ["number", "null"], "description": description}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


STATUS_CODES = [s.value for s in MeasureStatus]

MEASURE = {
    "type": "object",
    "description": "Eine Maßnahme, wie die öffentliche Übersicht sie zeigt.",
    "properties": {
        "number": _string("Nummer der Maßnahme, z. B. 1.2"),
        "title": _string("Titel (aus der beschlossenen Fassung)"),
        "action_field_number": {"type": "integer", "description": "Nummer des Handlungsfelds"},
        "action_field": _string("Name des Handlungsfelds"),
        "goal": _string("Ziel", nullable=True),
        "lead_actor": _string("federführender Akteur (Name der Organisation)", nullable=True),
        "partners": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Partner (Namen der Organisationen)",
        },
        "start_date": _date("Beginn"),
        "deadline": _date("heutige Frist"),
        "deadline_at_adoption": _date("Frist beim Ratsbeschluss"),
        "status": _string("Status-Code", enum=STATUS_CODES),
        "status_label": _string("Status (deutsche Bezeichnung)"),
        "progress": {"type": "integer", "minimum": 0, "maximum": 100, "description": "in %"},
        "last_report": _date("Datum des letzten Sachstands"),
        "indicator": _string("Indikator"),
        "indicator_unit": _string("Einheit des Indikators"),
        "indicator_baseline": _decimal("Ausgangswert"),
        "indicator_target": _decimal("Zielwert"),
        "indicator_current": _decimal("aktueller Wert"),
        "is_smart": {"type": "boolean", "description": "vollständig (SMART) beschrieben"},
        "dropped": {"type": "boolean", "description": "seit dem Beschluss entfallen"},
    },
    "required": list(open_data.MEASURE_KEYS),
}

LICENCE = {
    "type": "object",
    "properties": {"name": _string("Lizenz"), "url": _string("Lizenztext", format="uri")},
    "required": ["name", "url"],
}

SCHEMAS = {
    "Licence": LICENCE,
    "Edition": {
        "type": ["object", "null"],
        "description": "die beschlossene Fassung; null, solange der Rat keine beschlossen hat",
        "properties": {
            "title": _string("Titel der Fassung"),
            "decided_on": _date("Tag des Ratsbeschlusses"),
        },
    },
    "Measure": MEASURE,
    "MeasureList": {
        "type": "object",
        "properties": {
            "licence": _ref("Licence"),
            "edition": _ref("Edition"),
            "count": {"type": "integer"},
            "measures": {"type": "array", "items": _ref("Measure")},
        },
        "required": ["licence", "edition", "count", "measures"],
    },
    "ActionField": {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "name": _string("Name"),
            "short_description": _string("Kurzbeschreibung"),
            "measure_count": {"type": "integer", "description": "Maßnahmen (auch entfallene)"},
            "dropped_count": {"type": "integer", "description": "seit dem Beschluss entfallen"},
            "status_counts": {
                "type": "object",
                "description": "Maßnahmen je Status-Code (ohne entfallene)",
                "additionalProperties": {"type": "integer"},
            },
        },
        "required": list(open_data.ACTION_FIELD_KEYS),
    },
    "ActionFieldList": {
        "type": "object",
        "properties": {
            "licence": _ref("Licence"),
            "action_fields": {"type": "array", "items": _ref("ActionField")},
        },
        "required": ["licence", "action_fields"],
    },
    "Index": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "version": {"type": "string"},
            "licence": _ref("Licence"),
            "links": {
                "type": "object",
                "additionalProperties": {"type": "string", "format": "uri"},
            },
        },
        "required": ["name", "version", "licence", "links"],
    },
    "Error": {
        "type": "object",
        "properties": {"error": {"type": "string"}, "detail": {"type": "string"}},
        "required": ["error", "detail"],
    },
}


def _get(summary: str, schema: str, *, not_found: str, parameters=None) -> dict:
    operation = {
        "summary": summary,
        "responses": {
            "200": {
                "description": "OK",
                "content": {"application/json": {"schema": _ref(schema)}},
            },
            "304": {"description": "unverändert (If-None-Match, If-Modified-Since)"},
            "404": {
                "description": not_found,
                "content": {"application/json": {"schema": _ref("Error")}},
            },
        },
    }
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


UNPUBLISHED = "Die öffentliche Übersicht ist nicht veröffentlicht."


def document() -> dict:
    licence = open_data.licence()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Offene Daten: Handlungskonzept Integration",
            "version": "1.0.0",
            "description": (
                "Nur lesend. Die Maßnahmen der vom Rat beschlossenen Fassung mit heutigem "
                "Status, wie die öffentliche Übersicht sie zeigt. Solange die Übersicht nicht "
                "veröffentlicht ist, antwortet jede Adresse mit 404."
            ),
            "license": {"name": licence["name"], "url": licence["url"]},
        },
        "paths": {
            f"{PREFIX}/": _get("Einstieg mit Links", "Index", not_found=UNPUBLISHED),
            f"{PREFIX}/measures/": _get("Alle Maßnahmen", "MeasureList", not_found=UNPUBLISHED),
            f"{PREFIX}/measures/{{number}}/": _get(
                "Eine Maßnahme",
                "Measure",
                not_found="keine veröffentlichte Maßnahme mit dieser Nummer",
                parameters=[
                    {
                        "name": "number",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "Nummer der Maßnahme, z. B. 1.2",
                    }
                ],
            ),
            f"{PREFIX}/action-fields/": _get(
                "Handlungsfelder mit Zahl der Maßnahmen je Status",
                "ActionFieldList",
                not_found=UNPUBLISHED,
            ),
            f"{PREFIX}/openapi.json": {
                "get": {
                    "summary": "Diese Beschreibung",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3.1",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }
