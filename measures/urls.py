from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("massnahmen/", views.MeasureListView.as_view(), name="list"),
    path("massnahmen/export.<str:fmt>", views.MeasureExportView.as_view(), name="export"),
    path("massnahmen/neu/", views.MeasureCreateView.as_view(), name="create"),
    path("massnahmen/smart-pruefung/", views.MeasureSmartCheckView.as_view(), name="smart_check"),
    path("massnahmen/import/", views.MeasureImportView.as_view(), name="import"),
    path(
        "massnahmen/import/vorschau/",
        views.MeasureImportPreviewView.as_view(),
        name="import_preview",
    ),
    path("massnahmen/<int:pk>/", views.MeasureDetailView.as_view(), name="detail"),
    path("massnahmen/<int:pk>/bearbeiten/", views.MeasureUpdateView.as_view(), name="update"),
    path("massnahmen/<int:pk>/loeschen/", views.MeasureDeleteView.as_view(), name="delete"),
    path("massnahmen/<int:pk>/sachstand/", views.MeasureReportView.as_view(), name="report"),
    path("massnahmen/<int:pk>/sachstaende/", views.MeasureUpdatesView.as_view(), name="updates"),
    path("massnahmen/<int:pk>/notizen/", views.MeasureNotesView.as_view(), name="notes"),
    path("massnahmen/<int:pk>/notizen/neu/", views.MeasureNoteAddView.as_view(), name="note_add"),
    path(
        "massnahmen/<int:pk>/notizen/<int:note_pk>/loeschen/",
        views.MeasureNoteDeleteView.as_view(),
        name="note_delete",
    ),
    path("massnahmen/<int:pk>/historie/", views.MeasureHistoryView.as_view(), name="history"),
    path(
        "massnahmen/<int:pk>/unveraendert/",
        views.MeasureConfirmUnchangedView.as_view(),
        name="confirm_unchanged",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/neu/",
        views.MeasureDocumentAddView.as_view(),
        name="document_add",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document_pk>/",
        views.MeasureDocumentDownloadView.as_view(),
        name="document",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document_pk>/loeschen/",
        views.MeasureDocumentDeleteView.as_view(),
        name="document_delete",
    ),
    path(
        "massnahmen/<int:pk>/dokumente/<int:document_pk>/freigabe/",
        views.MeasureDocumentPublicView.as_view(),
        name="document_public",
    ),
]
