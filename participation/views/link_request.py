"""„Neuen Link anfordern“ on the page of an expired or revoked personal link."""

from __future__ import annotations

from django.shortcuts import render
from django.views import View

from concept.throttle import throttle_allows

from ..services.link_requests import link_request_new
from ..services.links import LinkRefused, link_resolve
from .link_common import link_refused_response, may_request_new, private, request_limit


class LinkRequestView(View):
    """POST only. The answer is the same whether or not a mail went out (it tells nobody
    whether the actor has a contact address); the new link goes only to the stored address.
    At most ``request_limit()`` requests per link and client address an hour (429 beyond)."""

    http_method_names = ["post"]

    def post(self, request, token):
        try:
            link = link_resolve(token)
        except LinkRefused as refused:
            if not may_request_new(refused):
                return private(link_refused_response(request, token, refused))
            link = refused.link
        if not throttle_allows(
            request, scope=f"reporting_link:{link.pk}", limit=request_limit(), window=60 * 60
        ):
            return private(
                render(request, "participation/links/request_throttled.html", status=429)
            )
        link_request_new(link=link)
        return private(render(request, "participation/links/requested.html"))
