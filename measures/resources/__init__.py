"""django-import-export resources of measures: export (``export.py``), import (``importing.py``)."""

from .export import MeasureExportResource, neutralise_formula
from .importing import IMPORT_COLUMNS, REQUIRED_COLUMNS, MeasureImportResource

__all__ = [
    "IMPORT_COLUMNS",
    "REQUIRED_COLUMNS",
    "MeasureExportResource",
    "MeasureImportResource",
    "neutralise_formula",
]
