"""The public transparency page and the coordinator's switch for it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from .. import public, services
from ..forms import PublicationForm
from ..models import PublicationSettings


class PublicView(View):
    """No login. Unpublished: 404 for everyone but the coordinator, who sees a preview."""

    def get(self, request):
        settings = PublicationSettings.load()
        preview = not settings.is_published
        if preview and not request.user.has_perm("participation.manage_publication"):
            raise Http404
        edition = public.adopted_edition()
        context = {
            "publication": settings,
            "preview": preview,
            "edition": edition,
            "fields": public.public_fields(edition),
            "papers": public.published_council_papers(),
        }
        return render(request, "participation/public.html", context)


class PublicationSettingsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.manage_publication"

    def get(self, request):
        settings = PublicationSettings.load()
        form = PublicationForm(
            initial={"is_published": settings.is_published, "intro": settings.intro}
        )
        return self.render_page(request, settings, form)

    def render_page(self, request, settings, form):
        return render(
            request, "participation/publication.html", {"publication": settings, "form": form}
        )

    def post(self, request):
        form = PublicationForm(request.POST)
        if not form.is_valid():
            return self.render_page(request, PublicationSettings.load(), form)
        settings = services.publication_update(user=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Die Transparenzseite ist öffentlich.")
            if settings.is_published
            else _("Die Transparenzseite ist nicht öffentlich."),
        )
        return redirect("participation:publication")
