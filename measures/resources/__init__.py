"""django-import-export resources of measures: the export (``export.py``). The import reads
files with ``core/tabular.py`` and ``measures/importing`` (a plan in memory, no
create-then-roll-back)."""

from .export import MeasureExportResource, csv_for_excel, neutralise_formula, xlsx_for_excel

__all__ = [
    "MeasureExportResource",
    "csv_for_excel",
    "neutralise_formula",
    "xlsx_for_excel",
]
