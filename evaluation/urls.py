from django.urls import path

from . import matrix_views, report_views, views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrizen/", matrix_views.matrix_list, name="matrix_list"),
    path("matrizen/neu/", matrix_views.matrix_create, name="matrix_create"),
    path("matrizen/standard/", matrix_views.matrix_create_default, name="matrix_create_default"),
    path("matrizen/<int:pk>/", matrix_views.matrix_detail, name="matrix_detail"),
    path("matrizen/<int:pk>/bearbeiten/", matrix_views.matrix_update, name="matrix_update"),
    path("matrizen/<int:pk>/kopieren/", matrix_views.matrix_copy, name="matrix_copy"),
    path("zyklen/neu/", views.cycle_create, name="cycle_create"),
    path("zyklen/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("zyklen/<int:pk>/abschliessen/", views.cycle_close, name="cycle_close"),
    path("zyklen/<int:pk>/nachtragen/", views.cycle_add_missing, name="cycle_add_missing"),
    path("zyklen/<int:pk>/ergebnisse/", views.cycle_results_view, name="cycle_results"),
    path("zyklen/<int:pk>/bericht/", report_views.cycle_report, name="cycle_report"),
    path(
        "zyklen/<int:pk>/bericht/pdf-erstellen/",
        report_views.cycle_report_request,
        name="cycle_report_request",
    ),
    path(
        "zyklen/<int:pk>/bericht/pdf-stand/",
        report_views.cycle_report_state,
        name="cycle_report_state",
    ),
    path("zyklen/<int:pk>/bericht.pdf", report_views.cycle_report_pdf, name="cycle_report_pdf"),
    path("bewertungen/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("bewertungen/<int:pk>/bearbeiten/", views.assessment_update, name="assessment_update"),
]
