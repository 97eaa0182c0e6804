from django.contrib import admin
from django.urls import include, path

from measures.views import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    path("konto/", include("django.contrib.auth.urls")),
    path("", include("concept.urls")),
    path("", include("measures.urls")),
    path("evaluierung/", include("evaluation.urls")),
    path("rat/", include("council.urls")),
    path("beteiligung/", include("participation.urls")),
]
