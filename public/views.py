"""The public transparency page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views import View

from core.documents import document_response
from participation.models import PublicationSettings

from . import overview


def _publication_or_404(request) -> PublicationSettings:
    """No login. Unpublished: 404 for everyone but the coordinator, who sees a preview."""
    settings = PublicationSettings.load()
    if not settings.is_published and not request.user.has_perm("participation.manage_publication"):
        raise Http404
    return settings


class PublicView(View):
    """No login. Unpublished: 404 for everyone but the coordinator, who sees a preview."""

    def get(self, request):
        settings = _publication_or_404(request)
        preview = not settings.is_published
        edition = overview.adopted_edition()
        context = {
            "publication": settings,
            "preview": preview,
            "edition": edition,
            "fields": overview.attach_public_documents(overview.public_fields(edition)),
            "papers": overview.published_council_papers(),
        }
        return render(request, "public/overview.html", context)


class PublicDocumentView(View):
    """A released document of a measure on the page; no login. 404 for an internal document,
    for a measure the page does not show, and while the page is unpublished (except for the
    coordinator's preview)."""

    def get(self, request, pk):
        _publication_or_404(request)
        document = overview.public_document(pk, overview.adopted_edition())
        if document is None:
            raise Http404
        return document_response(document)
