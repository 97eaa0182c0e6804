"""Open data downloads (CSV, JSON) and the read-only JSON API ``/api/v1/``.

Only what the public page shows (``public.open_data``). While the page is not published,
every address here answers 404 (JSON for the API), for everyone: no preview, so that the
answers may be cached publicly. Every answer carries ``ETag`` (from the published data
version), ``Last-Modified`` (the newest change of the published data), answers conditional
GETs with 304, and allows every origin (``Access-Control-Allow-Origin: *``).
A cached answer costs two queries: the publication switch and the data version.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass

from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from participation.models import PublicationSettings

from . import cache, open_data, openapi

MAX_AGE = 300
JSON_OPTIONS = {"ensure_ascii": False, "indent": None}


@dataclass(frozen=True)
class State:
    published: bool
    version: str = ""
    last_modified: object = None


def _state(request) -> State:
    """Publication and data version, read once per request (the conditional check and the
    view both need them)."""
    state = getattr(request, "_public_data_state", None)
    if state is None:
        if PublicationSettings.load().is_published:
            version, last_modified = cache.data_state()
            state = State(True, version, last_modified)
        else:
            state = State(False)
        request._public_data_state = state
    return state


def _answers(request, number=None) -> bool:
    """Whether the answer will be a 200: only that one has validators (a 404 has none, so a
    conditional GET never turns it into a 304)."""
    state = _state(request)
    if not state.published:
        return False
    return number is None or _find(open_data.data(state.version), number) is not None


def _etag(request, *args, **kwargs) -> str | None:
    if not _answers(request, kwargs.get("number")):
        return None
    state = _state(request)
    seed = "|".join(
        (
            state.version,
            request.path,
            timezone.localdate().isoformat(),
            get_language() or "",
            open_data.licence()["name"],
            open_data.licence()["url"],
        )
    )
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


def _last_modified(request, *args, **kwargs):
    return _state(request).last_modified if _answers(request, kwargs.get("number")) else None


def open_headers(view):
    """Cache and CORS headers on every answer (also 304 and 404). GET and HEAD; OPTIONS
    answers a browser's preflight (a script that sends If-None-Match needs one)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method in ("GET", "HEAD"):
            response = view(request, *args, **kwargs)
        else:
            return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS"])
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
        response["Cache-Control"] = f"public, max-age={MAX_AGE}"
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper


def api_view(view):
    """An API view: 404 JSON while unpublished, conditional GET, open headers."""

    @functools.wraps(view)
    def published_only(request, *args, **kwargs):
        state = _state(request)
        if not state.published:
            return not_found()
        return view(request, state, *args, **kwargs)

    return open_headers(
        condition(etag_func=_etag, last_modified_func=_last_modified)(published_only)
    )


def not_found() -> JsonResponse:
    return JsonResponse({"error": "not_found", "detail": _("Nicht gefunden.")}, status=404)


def _json(data) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params=JSON_OPTIONS)


def _cached_json(name: str, state: State, build) -> HttpResponse:
    """A large answer's body from the cache (rendered once per data version), as the page."""
    body = cache.cached(name, lambda: json.dumps(build(), ensure_ascii=False), state.version)
    return HttpResponse(body.encode("utf-8"), content_type="application/json")


def _measures_body(state: State):
    return lambda: open_data.measures_document(open_data.data(state.version))


def _find(payload: dict, number: str) -> dict | None:
    return next((r for r in payload["measures"] if r["number"] == number), None)


# Downloads, linked from the public page ------------------------------------------------------


@api_view
def data_csv(request, state):
    text = cache.cached(
        "open-data-csv",
        lambda: open_data.measures_csv(open_data.data(state.version)),
        state.version,
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="massnahmen.csv"'
    response["Link"] = f'<{open_data.licence()["url"]}>; rel="license"'
    return response


@api_view
def data_json(request, state):
    response = _cached_json("open-data-json", state, _measures_body(state))
    response["Content-Disposition"] = 'attachment; filename="massnahmen.json"'
    return response


# The API ---------------------------------------------------------------------------------------


@api_view
def index(request, state):
    def link(name):
        return request.build_absolute_uri(reverse(name))

    return _json(
        {
            "name": _("Offene Daten der öffentlichen Übersicht"),
            "version": "v1",
            "licence": open_data.licence(),
            "links": {
                "measures": link("public_api:measures"),
                "action_fields": link("public_api:action_fields"),
                "openapi": link("public_api:openapi"),
                "csv": link("public:csv_export"),
                "json": link("public:json_export"),
                "page": link("public:overview"),
            },
        }
    )


@api_view
def measures(request, state):
    return _cached_json("open-data-json", state, _measures_body(state))


@api_view
def measure(request, state, number):
    record = _find(open_data.data(state.version), number)
    if record is None:
        return not_found()
    return _json(open_data.measure_json(record))


@api_view
def action_fields(request, state):
    fields = open_data.data(state.version)["action_fields"]
    return _json({"licence": open_data.licence(), "action_fields": fields})


@api_view
def openapi_document(request, state):
    return _json(openapi.document())
