"""Writes on the documents of a measure: add, remove, mark public (history with who and why).

Kept beside ``services.py`` (which is near its size limit); the views import from here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.documents import document_fill

from .documents import MeasureDocument
from .models import Measure


def _stamp(document: MeasureDocument, *, user, reason: str) -> None:
    document._history_user = user
    document._change_reason = reason


@transaction.atomic
def measure_document_add(
    *, measure: Measure, user, upload, description: str = ""
) -> MeasureDocument:
    """Store ``upload`` on ``measure`` after checking size and type (ValidationError if not).

    The file is written first; should the row not be saved, the file is removed again.
    """
    document = MeasureDocument(measure=measure, description=description.strip())
    document_fill(document, upload=upload, user=user)
    try:
        _stamp(document, user=user, reason=_("Dokument hochgeladen"))
        document.full_clean(exclude=["file", "measure"])
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


@transaction.atomic
def measure_document_remove(*, document: MeasureDocument, user) -> None:
    """Delete the document; its history keeps who uploaded and who deleted it, the file leaves
    the storage once the deletion is committed."""
    name, storage = document.file.name, document.file.storage
    _stamp(document, user=user, reason=_("Dokument gelöscht"))
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def measure_document_set_public(*, document: MeasureDocument, user, public: bool) -> None:
    if document.is_public == public:
        return
    document.is_public = public
    reason = _("Dokument freigegeben") if public else _("Freigabe des Dokuments zurückgenommen")
    _stamp(document, user=user, reason=reason)
    document.save(update_fields=["is_public"])
