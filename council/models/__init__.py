"""Editions of the concept (Fortschreibung) and council papers (Drucksachen)."""

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
    "PaperKind",
    "PaperStatus",
    "PdfState",
    "Revision",
    "RevisionState",
]
