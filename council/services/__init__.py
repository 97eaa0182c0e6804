"""Writes with business meaning of the council layer (see STYLE.md)."""

from .documents import paper_document_add, paper_document_remove, paper_document_set_public
from .papers import (
    next_paper_number,
    paper_content,
    paper_outdate_pdf_if_changed,
    paper_record_decision,
    paper_save,
    paper_submit,
)
from .rendering import (
    paper_fail_lost_renderings,
    paper_render_and_store,
    paper_request_rendering,
)
from .revisions import (
    RefusedError,
    next_revision_number,
    revision_adopt,
    revision_create,
    revision_freeze,
    revision_update,
)

__all__ = [
    "RefusedError",
    "next_paper_number",
    "next_revision_number",
    "paper_content",
    "paper_document_add",
    "paper_document_remove",
    "paper_document_set_public",
    "paper_fail_lost_renderings",
    "paper_outdate_pdf_if_changed",
    "paper_record_decision",
    "paper_render_and_store",
    "paper_request_rendering",
    "paper_save",
    "paper_submit",
    "revision_adopt",
    "revision_create",
    "revision_freeze",
    "revision_update",
]
