"""Imports of what a municipality already has: measures, actors, goals, status reports.

One frame (``base.py``): read the file (``core/tabular.py``), compute a plan in memory (the
preview writes nothing), then write it in one transaction (all or nothing).
"""

from .actors import ActorImporter, GoalImporter
from .base import CommitError, Importer, Plan, TableError
from .measures import MeasureImporter
from .reports import ReportImporter

IMPORTERS: dict[str, type[Importer]] = {
    cls.kind: cls for cls in (MeasureImporter, ActorImporter, GoalImporter, ReportImporter)
}

__all__ = ["IMPORTERS", "CommitError", "Importer", "Plan", "TableError", "importer_for"]


def importer_for(kind: str, *, decisions: dict | None = None) -> Importer:
    return IMPORTERS[kind](decisions=decisions)
