"""Editions of the concept (Fortschreibung) and council papers (Drucksachen)."""

from .document import PaperDocument
from .paper import (
    CONSULTATION_ROLE_AUTHORITATIVE,
    Consultation,
    ConsultationRole,
    CouncilPaper,
    PaperKind,
    PaperStatus,
    PdfState,
)
from .revision import Revision, RevisionState

__all__ = [
    "CONSULTATION_ROLE_AUTHORITATIVE",
    "Consultation",
    "ConsultationRole",
    "CouncilPaper",
    "PaperDocument",
    "PaperKind",
    "PaperStatus",
    "PdfState",
    "Revision",
    "RevisionState",
]
