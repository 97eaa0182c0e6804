from django.urls import path

from .views import documents, oparl, papers, revisions

app_name = "council"
urlpatterns = [
    path("fassungen/", revisions.RevisionListView.as_view(), name="revision-list"),
    path("fassungen/neu/", revisions.RevisionCreateView.as_view(), name="revision-create"),
    path("fassungen/vergleich/", revisions.RevisionDiffView.as_view(), name="revision-diff"),
    path("fassungen/vergleich/heute/", revisions.LiveDiffView.as_view(), name="live-diff"),
    path("fassungen/<int:pk>/", revisions.RevisionDetailView.as_view(), name="revision-detail"),
    path(
        "fassungen/<int:pk>/bearbeiten/",
        revisions.RevisionUpdateView.as_view(),
        name="revision-update",
    ),
    path(
        "fassungen/<int:pk>/einfrieren/",
        revisions.RevisionFreezeView.as_view(),
        name="revision-freeze",
    ),
    path("drucksachen/", papers.PaperListView.as_view(), name="paper-list"),
    path("drucksachen/neu/", papers.PaperCreateView.as_view(), name="paper-create"),
    path("drucksachen/<int:pk>/", papers.PaperDetailView.as_view(), name="paper-detail"),
    path("drucksachen/<int:pk>/bearbeiten/", papers.PaperUpdateView.as_view(), name="paper-update"),
    path(
        "drucksachen/<int:pk>/pdf-erzeugen/", papers.PaperRenderView.as_view(), name="paper-render"
    ),
    path(
        "drucksachen/<int:pk>/pdf-stand/",
        papers.PaperPdfStateView.as_view(),
        name="paper-pdf-state",
    ),
    path("drucksachen/<int:pk>/pdf/", papers.PaperDownloadView.as_view(), name="paper-download"),
    path(
        "drucksachen/<int:pk>/sachstandsbericht/",
        papers.PaperStatusReportView.as_view(),
        name="paper-status-report",
    ),
    path(
        "drucksachen/<int:pk>/dokumente/neu/",
        documents.PaperDocumentAddView.as_view(),
        name="paper-document-add",
    ),
    path(
        "drucksachen/<int:pk>/dokumente/<int:document_pk>/",
        documents.PaperDocumentDownloadView.as_view(),
        name="paper-document",
    ),
    path(
        "drucksachen/<int:pk>/dokumente/<int:document_pk>/loeschen/",
        documents.PaperDocumentDeleteView.as_view(),
        name="paper-document-delete",
    ),
    path(
        "drucksachen/<int:pk>/dokumente/<int:document_pk>/freigabe/",
        documents.PaperDocumentPublicView.as_view(),
        name="paper-document-public",
    ),
    path("drucksachen/<int:pk>/einbringen/", papers.PaperSubmitView.as_view(), name="paper-submit"),
    path("drucksachen/<int:pk>/beschluss/", papers.PaperDecideView.as_view(), name="paper-decide"),
    path("oparl/", oparl.OParlSystemView.as_view(), name="oparl-system"),
    path("oparl/bodies", oparl.OParlBodyListView.as_view(), name="oparl-bodies"),
    path("oparl/body", oparl.OParlBodyView.as_view(), name="oparl-body"),
    path("oparl/papers", oparl.OParlPaperListView.as_view(), name="oparl-papers"),
    path("oparl/paper/<int:pk>", oparl.OParlPaperView.as_view(), name="oparl-paper"),
    path(
        "oparl/consultation/<int:pk>",
        oparl.OParlConsultationView.as_view(),
        name="oparl-consultation",
    ),
    path("oparl/file/<int:pk>", oparl.OParlFileView.as_view(), name="oparl-file"),
    path(
        "oparl/file/<int:pk>/download",
        oparl.OParlFileDownloadView.as_view(),
        name="oparl-file-download",
    ),
    path(
        "oparl/file/<int:pk>/sachstandsbericht",
        oparl.OParlStatusReportFileView.as_view(),
        name="oparl-status-report-file",
    ),
    path(
        "oparl/file/<int:pk>/sachstandsbericht/download",
        oparl.OParlStatusReportDownloadView.as_view(),
        name="oparl-status-report-download",
    ),
    path(
        "oparl/organizations",
        oparl.OParlOrganizationListView.as_view(),
        name="oparl-organizations",
    ),
    path(
        "oparl/organization/<slug:slug>",
        oparl.OParlOrganizationView.as_view(),
        name="oparl-organization",
    ),
    path("oparl/<str:kind>s", oparl.OParlEmptyListView.as_view(), name="oparl-empty-list"),
]
