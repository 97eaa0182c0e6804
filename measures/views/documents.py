"""The documents of a measure: upload, download, delete, release (``core.document_views``)."""

from __future__ import annotations

from core import document_views

from .. import document_services
from ..documents import MeasureDocument
from ..models import Measure


class MeasureDocumentMixin:
    owner_model = Measure
    document_model = MeasureDocument
    owner_field = "measure"
    perm_view = "measures.view_document"


class MeasureDocumentAddView(MeasureDocumentMixin, document_views.DocumentAddView):
    """The coordination and the lead actor's members."""

    perm_action = "measures.add_document"
    add = staticmethod(
        lambda *, owner, **kwargs: document_services.measure_document_add(measure=owner, **kwargs)
    )


class MeasureDocumentDownloadView(MeasureDocumentMixin, document_views.DocumentDownloadView):
    """Whoever may read the measure."""


class MeasureDocumentDeleteView(MeasureDocumentMixin, document_views.DocumentDeleteView):
    perm_action = "measures.delete_document"
    remove = staticmethod(document_services.measure_document_remove)


class MeasureDocumentPublicView(MeasureDocumentMixin, document_views.DocumentPublicView):
    perm_action = "measures.publish_document"
    set_public = staticmethod(document_services.measure_document_set_public)
