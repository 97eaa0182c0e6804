"""The documents of a council paper: upload, download, delete, release (core.document_views).

Seeing them follows seeing the paper; the coordination manages them while the paper is not
yet decided (a decided paper is read-only, its documents too).
"""

from __future__ import annotations

from core import document_views

from .. import services
from ..models import CouncilPaper, PaperDocument


class PaperDocumentMixin:
    owner_model = CouncilPaper
    document_model = PaperDocument
    owner_field = "paper"
    perm_view = "council.view_councilpaper"


class PaperDocumentAddView(PaperDocumentMixin, document_views.DocumentAddView):
    perm_action = "council.manage_paper_documents"
    add = staticmethod(
        lambda *, owner, **kwargs: services.paper_document_add(paper=owner, **kwargs)
    )


class PaperDocumentDownloadView(PaperDocumentMixin, document_views.DocumentDownloadView):
    """Whoever may read the paper."""


class PaperDocumentDeleteView(PaperDocumentMixin, document_views.DocumentDeleteView):
    perm_action = "council.manage_paper_documents"
    remove = staticmethod(services.paper_document_remove)


class PaperDocumentPublicView(PaperDocumentMixin, document_views.DocumentPublicView):
    perm_action = "council.manage_paper_documents"
    set_public = staticmethod(services.paper_document_set_public)


DOCUMENT_URLS = {
    "download": "council:paper-document",
    "add": "council:paper-document-add",
    "delete": "council:paper-document-delete",
    "public": "council:paper-document-public",
}
