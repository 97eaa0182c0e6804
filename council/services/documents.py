"""Writes on the documents of a council paper (storage, checks and history: core.documents)."""

from __future__ import annotations

from django.db import transaction

from core.documents import stored_document_add, stored_document_remove, stored_document_set_public

from ..models import CouncilPaper, PaperDocument


@transaction.atomic
def paper_document_add(
    *, paper: CouncilPaper, user, upload, description: str = ""
) -> PaperDocument:
    """Store ``upload`` with ``paper`` after checking size and type (ValidationError if not)."""
    document = PaperDocument(paper=paper, description=description)
    return stored_document_add(document, upload=upload, user=user)


@transaction.atomic
def paper_document_remove(*, document: PaperDocument, user) -> None:
    stored_document_remove(document, user=user)


@transaction.atomic
def paper_document_set_public(*, document: PaperDocument, user, public: bool) -> None:
    stored_document_set_public(document, user=user, public=public)
