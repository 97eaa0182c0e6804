"""A German page for answers that Django sends without one."""

from urllib.parse import urlsplit

from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme


class MethodNotAllowedPageMiddleware:
    """Fill the empty body of a 405 answer with templates/405.html.

    Views that only take POST (a button such as „Unverändert, weiter im Plan“) answer a GET
    with 405 and no body; browsers then show an English error of their own. That GET comes
    from a bookmark, a typed address or (before the login view stopped it) a login redirect.
    The status and the ``Allow`` header stay; only the body is added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content:
            return response
        page = render(request, "405.html", {"back_url": _back_url(request)}, status=405)
        response.content = page.content
        response["Content-Type"] = page["Content-Type"]
        return response


def _back_url(request) -> str:
    """The page the user came from, if it is ours and neither this address nor the login."""
    referer = request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    path = urlsplit(referer).path
    try:
        name = resolve(path).view_name
    except Resolver404:
        return ""
    if path == request.path or name == "login":
        return ""
    return referer
