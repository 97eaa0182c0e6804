"""Writes on the documents of a measure: add, remove, mark public (history with who and why).

Kept beside ``services.py`` (which is near its size limit); the storage, the checks and the
history stamps are ``core.documents``'.
"""

from __future__ import annotations

from django.db import transaction

from core.documents import stored_document_add, stored_document_remove, stored_document_set_public

from .documents import MeasureDocument
from .models import Measure


@transaction.atomic
def measure_document_add(
    *, measure: Measure, user, upload, description: str = ""
) -> MeasureDocument:
    """Store ``upload`` on ``measure`` after checking size and type (ValidationError if not)."""
    document = MeasureDocument(measure=measure, description=description)
    return stored_document_add(document, upload=upload, user=user)


@transaction.atomic
def measure_document_remove(*, document: MeasureDocument, user) -> None:
    stored_document_remove(document, user=user)


@transaction.atomic
def measure_document_set_public(*, document: MeasureDocument, user, public: bool) -> None:
    stored_document_set_public(document, user=user, public=public)
