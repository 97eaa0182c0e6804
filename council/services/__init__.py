"""Writes with business meaning of the council layer (see STYLE.md)."""

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
