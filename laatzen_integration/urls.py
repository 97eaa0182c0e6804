from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from concept.views import account
from core.ops.health import healthz
from core.pages import AccessibilityStatementView
from measures.views import HomeView
from public.urls import api_urlpatterns as public_api_urls

# Our versions of some of Django's account views (concept/views/account.py), before
# django.contrib.auth.urls so that they take the same addresses and names.
auth_overrides = [
    path("login/", account.LoginView.as_view(), name="login"),
    path("logout/", account.LogoutView.as_view(), name="logout"),
    path("password_change/", account.PasswordChangeView.as_view(), name="password_change"),
    # The change ends on „Mein Konto“ with a message; opened directly this page would claim a
    # change that never happened.
    path(
        "password_change/done/",
        RedirectView.as_view(pattern_name="concept:account"),
        name="password_change_done",
    ),
    # The reset mail goes out through the task worker (concept.tasks.send_password_reset).
    path(
        "password_reset/",
        account.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("admin/", admin.site.urls),
    # Answered by ops.middleware.HealthCheckMiddleware first; the pattern names the URL.
    path("healthz", healthz, name="healthz"),
    path("konto/", include(auth_overrides)),
    path("konto/", include("django.contrib.auth.urls")),
    # Public, without login (BITV 2.0 / NBGG): linked from every page's footer.
    path("barrierefreiheit/", AccessibilityStatementView.as_view(), name="accessibility"),
    path("", include("concept.urls")),
    path("", include("measures.urls")),
    path("evaluierung/", include("evaluation.urls")),
    path("rat/", include("council.urls")),
    path("beteiligung/", include("participation.urls")),
    path("beteiligung/", include("public.urls")),
    path("api/v1/", include(public_api_urls)),
]
