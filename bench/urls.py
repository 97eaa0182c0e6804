"""The project's URLs plus the bare baseline views the benchmark compares against."""

from django.urls import include, path

from . import bare

urlpatterns = [
    path("bench/bare/insert/", bare.insert, name="bare-insert"),
    path("bench/bare/results/<int:pk>/", bare.results, name="bare-results"),
    path("bench/bare/dashboard/", bare.dashboard, name="bare-dashboard"),
    path("bench/bare/list/", bare.measure_list, name="bare-list"),
    path("bench/bare/detail/<int:pk>/", bare.measure_detail, name="bare-detail"),
    path("", include("laatzen_integration.urls")),
]
