"""What every page behind a personal link shares: the token is the key, not a login.

``LinkViewMixin`` resolves the token (a refused link gets the German page of
``link_refused_response``), finds a measure only within the link's scope (``link_scope``: 404
otherwise, nothing written) and marks every answer private: no referrer to other sites (the
token is in the address), no indexing, no cache.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import render

from ..services.links import LinkRefused, link_resolve

# Requests for a new link per old link and client address per hour.
REQUEST_LIMIT_DEFAULT = 3


def request_limit() -> int:
    return int(getattr(settings, "REPORTING_LINK_REQUEST_LIMIT", REQUEST_LIMIT_DEFAULT))


def private(response):
    """The headers of every answer behind a personal link.

    ``same-origin``, not ``no-referrer``: the token must not leave in a Referer to another
    site (``same-origin`` sends none there), but under ``no-referrer`` browsers send
    ``Origin: null`` with a form's POST, and Django's CSRF check rightly refuses that: every
    form on these pages would fail (tests/browser/test_personal_link.py showed it).
    """
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-store"
    return response


def may_request_new(refused: LinkRefused) -> bool:
    """A known link whose round still runs may ask for a new one (expired or revoked)."""
    return refused.link is not None and not refused.link.round.is_closed


def link_refused_response(request, token: str, refused: LinkRefused):
    """410 for an expired or revoked link or a closed round, 404 for an unknown token."""
    return render(
        request,
        "participation/links/refused.html",
        {
            "reason": str(refused),
            "token": token,
            "can_request": may_request_new(refused),
        },
        status=404 if refused.link is None else 410,
    )


class LinkViewMixin:
    """Resolve ``token`` into ``self.link`` before the handler runs."""

    def dispatch(self, request, *args, token, **kwargs):
        try:
            self.link = link_resolve(token)
        except LinkRefused as refused:
            return private(link_refused_response(request, token, refused))
        self.token = token
        try:
            response = super().dispatch(request, *args, token=token, **kwargs)
        except Http404:
            response = render(request, "404.html", status=404)
        return private(response)

    def scoped_measure(self, measures, measure_pk: int):
        """The measure ``measure_pk`` from the link's ``measures`` QuerySet, or 404."""
        measure = measures.filter(pk=measure_pk).first()
        if measure is None:
            raise Http404
        return measure
