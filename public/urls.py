from django.urls import path

from . import api, views

app_name = "public"
urlpatterns = [
    # under /beteiligung/ (the roof's prefix) since the page was first published there
    path("oeffentlich/", views.PublicView.as_view(), name="overview"),
    path("oeffentlich/dokumente/<int:pk>/", views.PublicDocumentView.as_view(), name="document"),
    path("oeffentlich/massnahmen.csv", api.data_csv, name="csv_export"),
    path("oeffentlich/massnahmen.json", api.data_json, name="json_export"),
]

# The read-only JSON API, mounted at /api/v1/ by the project's urls (namespace public_api).
api_urlpatterns = (
    [
        path("", api.index, name="index"),
        path("measures/", api.measures, name="measures"),
        path("measures/<str:number>/", api.measure, name="measure"),
        path("action-fields/", api.action_fields, name="action_fields"),
        path("openapi.json", api.openapi_document, name="openapi"),
    ],
    "public_api",
)
