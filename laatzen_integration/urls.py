from django.contrib import admin
from django.urls import include, path

from laatzen_integration.ops.health import healthz
from measures.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    # Answered by ops.middleware.HealthCheckMiddleware first; the pattern names the URL.
    path("healthz", healthz, name="healthz"),
    path("konto/", include("django.contrib.auth.urls")),
    path("", include("concept.urls")),
    path("", include("measures.urls")),
    path("evaluierung/", include("evaluation.urls")),
    path("rat/", include("council.urls")),
    path("beteiligung/", include("participation.urls")),
]
