from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.index, name="index"),
    path("matrizen/", views.matrix_list, name="matrix_list"),
    path("matrizen/neu/", views.matrix_create, name="matrix_create"),
    path("matrizen/standard/", views.matrix_create_default, name="matrix_create_default"),
    path("matrizen/<int:pk>/", views.matrix_detail, name="matrix_detail"),
    path("matrizen/<int:pk>/bearbeiten/", views.matrix_update, name="matrix_update"),
    path("matrizen/<int:pk>/kopieren/", views.matrix_copy, name="matrix_copy"),
    path("zyklen/neu/", views.cycle_create, name="cycle_create"),
    path("zyklen/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path("zyklen/<int:pk>/abschliessen/", views.cycle_close, name="cycle_close"),
    path("zyklen/<int:pk>/ergebnisse/", views.cycle_results_view, name="cycle_results"),
    path("zyklen/<int:pk>/bericht/", views.cycle_report, name="cycle_report"),
    path("zyklen/<int:pk>/bericht.pdf", views.cycle_report_pdf, name="cycle_report_pdf"),
    path("bewertungen/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("bewertungen/<int:pk>/bearbeiten/", views.assessment_update, name="assessment_update"),
]
