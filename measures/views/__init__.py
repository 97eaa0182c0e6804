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
from .report import MeasureConfirmUnchangedView, MeasureReportView
from .smart_check import MeasureSmartCheckView
from .timeline import MeasureHistoryView, MeasureUpdatesView

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
    "MeasureReportView",
    "MeasureSmartCheckView",
    "MeasureUpdateView",
    "MeasureUpdatesView",
]
