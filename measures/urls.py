from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("massnahmen/<int:pk>/", views.MeasureDetailView.as_view(), name="detail"),
    path("massnahmen/", views.MeasureListView.as_view(), name="list"),
]
