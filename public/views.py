"""The public transparency page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views import View

from participation.models import PublicationSettings

from . import overview


class PublicView(View):
    """No login. Unpublished: 404 for everyone but the coordinator, who sees a preview."""

    def get(self, request):
        settings = PublicationSettings.load()
        preview = not settings.is_published
        if preview and not request.user.has_perm("participation.manage_publication"):
            raise Http404
        edition = overview.adopted_edition()
        context = {
            "publication": settings,
            "preview": preview,
            "edition": edition,
            "fields": overview.public_fields(edition),
            "papers": overview.published_council_papers(),
        }
        return render(request, "public/overview.html", context)
