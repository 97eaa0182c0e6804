from .dashboard import HomeView
from .edit import MeasureCreateView, MeasureDeleteView, MeasureUpdateView
from .imports import MeasureImportPreviewView, MeasureImportView
from .measures import MeasureDetailView, MeasureExportView, MeasureListView
from .report import MeasureConfirmUnchangedView, MeasureReportView

__all__ = [
    "HomeView",
    "MeasureConfirmUnchangedView",
    "MeasureCreateView",
    "MeasureDeleteView",
    "MeasureDetailView",
    "MeasureExportView",
    "MeasureImportPreviewView",
    "MeasureImportView",
    "MeasureListView",
    "MeasureReportView",
    "MeasureUpdateView",
]
