from .dashboard import HomeView
from .documents import (
    MeasureDocumentAddView,
    MeasureDocumentDeleteView,
    MeasureDocumentDownloadView,
    MeasureDocumentPublicView,
)
from .edit import MeasureCreateView, MeasureDeleteView, MeasureUpdateView
from .imports import MeasureImportPreviewView, MeasureImportView
from .measures import MeasureDetailView, MeasureExportView, MeasureListView
from .notes import MeasureNoteAddView, MeasureNoteDeleteView
from .report import MeasureConfirmUnchangedView, MeasureReportView
from .smart_check import MeasureSmartCheckView
from .timeline import MeasureHistoryView, MeasureNotesView, MeasureUpdatesView

__all__ = [
    "HomeView",
    "MeasureConfirmUnchangedView",
    "MeasureCreateView",
    "MeasureDeleteView",
    "MeasureDocumentAddView",
    "MeasureDocumentDeleteView",
    "MeasureDocumentDownloadView",
    "MeasureDocumentPublicView",
    "MeasureDetailView",
    "MeasureExportView",
    "MeasureHistoryView",
    "MeasureImportPreviewView",
    "MeasureImportView",
    "MeasureListView",
    "MeasureNoteAddView",
    "MeasureNoteDeleteView",
    "MeasureNotesView",
    "MeasureReportView",
    "MeasureSmartCheckView",
    "MeasureUpdateView",
    "MeasureUpdatesView",
]
