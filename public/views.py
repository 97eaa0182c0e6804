"""The public transparency page."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views import View

from core.documents import document_response
from participation.models import PublicationSettings

from . import cache, charts, open_data, overview


def _publication_or_404(request) -> PublicationSettings:
    """No login. Unpublished: 404 for everyone but the coordinator, who sees a preview."""
    settings = PublicationSettings.load()
    if not settings.is_published and not request.user.has_perm("participation.manage_publication"):
        raise Http404
    return settings


def _overview_body(publication: PublicationSettings) -> str:
    """The page below its heading; the same for every visitor, so it is cached."""
    edition = overview.adopted_edition()
    fields, facts = overview.public_fields(edition)
    for entry in overview.attach_public_documents(fields):
        entry["status_counts"] = overview.status_counts(entry["measures"])
        entry["chart"] = charts.status_chart(entry["field"].name, entry["status_counts"])
    context = {
        "publication": publication,
        "edition": edition,
        "fields": fields,
        "facts": facts,
        "papers": overview.published_council_papers(),
    }
    return render_to_string("public/includes/overview_body.html", context)


class PublicView(View):
    """No login. Unpublished: 404 for everyone but the coordinator, who sees a preview.

    Cached under the published data version (``public.cache``): a cached page costs two
    queries (the publication switch and the version)."""

    def get(self, request):
        settings = _publication_or_404(request)
        body = cache.cached("overview", lambda: _overview_body(settings))
        context = {
            "publication": settings,
            "preview": not settings.is_published,
            "body": mark_safe(body),  # noqa: S308 – rendered from an autoescaped template
            "licence": open_data.licence(),
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
