"""The coordinator's switch for the public transparency page (the page: ``public``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from .. import services
from ..forms import PublicationForm
from ..models import PublicationSettings
from ..panels import publication_links


class PublicationSettingsView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.manage_publication"

    def get(self, request):
        settings = PublicationSettings.load()
        form = PublicationForm(
            initial={"is_published": settings.is_published, "intro": settings.intro}
        )
        return self.render_page(request, settings, form)

    def render_page(self, request, settings, form):
        # the link to the page itself comes from the public app (a higher layer)
        links = publication_links.render(request, settings)
        context = {"publication": settings, "form": form, "links": links}
        return render(request, "participation/publication.html", context)

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
