"""The frozen snapshot of the concept: a versioned, canonically serialised JSON document.

Built by this (top) layer reading the layers below: action fields and goals (concept), measures
with their actors (measures) and, if a cycle is linked and the evaluation app offers it, the
evaluation report (``evaluation.results.cycle_report(cycle_id) -> dict``, imported lazily).

Values are JSON strings, integers, booleans or null only: decimals as strings ("6500.00"),
dates as ISO strings. The SHA-256 is taken over ``canonical_bytes`` (sorted keys, no
whitespace, UTF-8), which is stable across SQLite and PostgreSQL's jsonb.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from concept.branding import current as current_branding
from concept.models import ActionField, Actor, Goal
from core import formatting
from measures.models import Measure

logger = logging.getLogger(__name__)

SCHEMA = "laatzen-integration/concept-snapshot"
# 1: first version; 2: ``evaluation.cycle_state`` ("open"/"closed", null if unknown) records
# whether the cycle was still running when the edition was frozen (then its results are
# preliminary). Readers treat a missing ``cycle_state`` (version 1) as unknown.
# 3: each measure lists its ``documents`` by name and SHA-256 (the file itself is not part of
# the edition: the hash says which file the council saw). Readers treat a missing list as [].
SCHEMA_VERSION = 3
CYCLE_OPEN = "open"
CYCLE_CLOSED = "closed"

# Measure fields copied as they are (strings, ints, bools); decimals and dates handled below.
PLAIN_FIELDS = (
    "number",
    "title",
    "description",
    "target_group",
    "status",
    "progress",
    "indicator",
    "indicator_unit",
    "funding_source",
    "budget_years",
    "no_extra_resources",
)
DECIMAL_FIELDS = (
    "indicator_baseline",
    "indicator_target",
    "indicator_current",
    "staff_hours_per_year",
    "staff_fte",
    "budget_amount",
)
DATE_FIELDS = ("start_date", "deadline")
# Internal notes are deliberately not part of an edition (they are not the council's business).


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _actor(actor: Actor | None) -> dict | None:
    if actor is None:
        return None
    return {"id": actor.pk, "name": actor.name, "short_name": actor.short_name}


def measure_document(measure: Measure) -> dict:
    doc = {"id": measure.pk}
    for name in PLAIN_FIELDS:
        doc[name] = getattr(measure, name)
    for name in DECIMAL_FIELDS:
        doc[name] = _decimal(getattr(measure, name))
    for name in DATE_FIELDS:
        value = getattr(measure, name)
        doc[name] = value.isoformat() if value else None
    doc["action_field"] = measure.action_field.number
    doc["goal"] = {"id": measure.goal.pk, "title": measure.goal.title} if measure.goal_id else None
    doc["lead_actor"] = _actor(measure.lead_actor)
    doc["staff_actor"] = _actor(measure.staff_actor)
    doc["partners"] = [
        _actor(a) for a in sorted(measure.partners.all(), key=lambda a: (a.name, a.pk))
    ]
    doc["smart_missing"] = measure.smart_check().missing_letters
    doc["documents"] = [
        _document(d) for d in sorted(measure.documents.all(), key=lambda d: (d.filename, d.pk))
    ]
    return doc


def _document(document) -> dict:
    """A measure's document as an edition references it: by hash, not by content."""
    return {
        "id": document.pk,
        "filename": document.filename,
        "sha256": document.sha256,
        "size": document.size,
        "content_type": document.content_type,
        "public": document.is_public,
        "uploaded_at": document.uploaded_at.isoformat(timespec="seconds"),
    }


def evaluation_cycle_states(cycle_ids) -> dict[int, dict]:
    """{cycle id: {"title", "closed"}} of the evaluation app's cycles (1 query, lazy import)."""
    ids = [pk for pk in cycle_ids if pk is not None]
    try:
        models = importlib.import_module("evaluation.models")
    except ImportError:
        return {}
    cycle_model = getattr(models, "EvaluationCycle", None)
    if cycle_model is None or not ids:
        return {}
    return {
        cycle.pk: {"title": cycle.title, "closed": cycle.is_closed}
        for cycle in cycle_model.objects.filter(pk__in=ids).only("pk", "title", "state")
    }


def evaluation_report(cycle_id: int | None) -> dict | None:
    """The evaluation app's report of a cycle, or None if there is none to be had.

    ``cycle_state`` records whether the cycle was still running ("open": preliminary results).
    """
    if cycle_id is None:
        return None
    try:
        results = importlib.import_module("evaluation.results")
    except ImportError:
        logger.info("evaluation.results is not available; snapshot without evaluation")
        return None
    report = getattr(results, "cycle_report", None)
    if report is None:
        return None
    document = json.loads(json.dumps(report(cycle_id), default=str))
    state = evaluation_cycle_states([cycle_id]).get(cycle_id)
    if state is None:
        document["cycle_state"] = None
    else:
        document["cycle_state"] = CYCLE_CLOSED if state["closed"] else CYCLE_OPEN
    return document


def build_snapshot(*, evaluation_cycle_id: int | None = None, revision_number=None) -> dict:
    """The concept as it is now, as a plain JSON-able document."""
    branding = current_branding()
    goals = Prefetch("goals", queryset=Goal.objects.order_by("order", "pk"))
    fields = list(ActionField.objects.prefetch_related(goals))
    measures = (
        Measure.objects.select_related("action_field", "goal", "lead_actor", "staff_actor")
        .prefetch_related("partners", "documents")
        .all()
    )
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "revision_number": revision_number,
        "municipality": branding.name,
        "concept_title": branding.concept_title,
        "taken_at": timezone.now().isoformat(timespec="seconds"),
        "action_fields": [
            {
                "number": f.number,
                "name": f.name,
                "slug": f.slug,
                "short_description": f.short_description,
                "guiding_goal": f.guiding_goal,
                "goals": [
                    {"id": g.pk, "title": g.title, "description": g.description}
                    for g in f.goals.all()
                ],
            }
            for f in fields
        ],
        "measures": [measure_document(m) for m in measures],
        "evaluation": evaluation_report(evaluation_cycle_id),
    }


def canonical_bytes(document: dict) -> bytes:
    return json.dumps(
        document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_of(document: dict) -> str:
    return hashlib.sha256(canonical_bytes(document)).hexdigest()


def verify(document: dict | None, expected_sha256: str) -> bool:
    return document is not None and sha256_of(document) == expected_sha256


def measures_by_field(document: dict) -> list[tuple[dict, list[dict]]]:
    """[(action field, [its measures])] in the fixed order of the action fields."""
    by_field: dict[int, list[dict]] = {}
    for measure in document.get("measures", []):
        by_field.setdefault(measure["action_field"], []).append(measure)
    return [(f, by_field.get(f["number"], [])) for f in document.get("action_fields", [])]


def resources_text(measure: dict) -> str:
    """Staff and money of a snapshot measure in one short line."""
    if measure.get("no_extra_resources"):
        return _("keine zusätzlichen Ressourcen nötig")
    parts = []
    if measure.get("staff_hours_per_year"):
        parts.append(formatting.hours(measure["staff_hours_per_year"]))
    if measure.get("staff_fte"):
        parts.append(_("%s VZÄ") % formatting.number(measure["staff_fte"], 2))
    if measure.get("budget_amount"):
        parts.append(formatting.euro(measure["budget_amount"]))
    if measure.get("funding_source"):
        parts.append(f"({measure['funding_source']})")
    return " · ".join(parts) if parts else formatting.DASH
