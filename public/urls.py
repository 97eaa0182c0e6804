from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    # under /beteiligung/ (the roof's prefix) since the page was first published there
    path("oeffentlich/", views.PublicView.as_view(), name="overview"),
    path("oeffentlich/dokumente/<int:pk>/", views.PublicDocumentView.as_view(), name="document"),
]
