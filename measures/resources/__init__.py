"""django-import-export resources of measures: export (``export.py``), import (``importing.py``)."""

from .columns import IMPORT_COLUMNS, REQUIRED_COLUMNS
from .export import MeasureExportResource, csv_for_excel, neutralise_formula, xlsx_for_excel
from .importing import MeasureImportResource

__all__ = [
    "IMPORT_COLUMNS",
    "REQUIRED_COLUMNS",
    "MeasureExportResource",
    "MeasureImportResource",
    "csv_for_excel",
    "neutralise_formula",
    "xlsx_for_excel",
]
