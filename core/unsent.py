"""Nothing typed is lost when the session ends while a form is open.

A user writes a long Sachstand, the session has ended meanwhile (expired, or logged out in
another tab), and „Speichern“ leads to the login: the login cannot carry the POST on, so the
text used to be gone. Now the POST that is answered with the redirect to the login is kept
in the (anonymous) session; the login keeps the session's data, and the first page opened
after it, the form's own address, gets the values back: ``static/js/unsent-form.js`` puts
them into the form and says so. Nothing is saved without the user pressing „Speichern“
again, so a stale form still meets the edit-conflict check (its hidden version comes back
too).

The same happens when the form's CSRF token is stale (the user logged in again in another
tab meanwhile): ``csrf_failure`` keeps the data if the POST came from one of our own pages
(its ``Origin``), never from another site, which could otherwise put values of its choosing
into a form for the user to save. Other POSTs are kept only after they passed the CSRF
check (the middleware sits inside Django's). Kept are only POSTs to addresses that answer
GET (a button's POST-only action has no form to refill), without the CSRF token and without
files (a browser cannot refill a file input: the note says so), for at most ``MAX_AGE`` and
``MAX_BYTES``. Passwords are never kept (no field whose name mentions one, nothing sent to
the login). The data is offered once, only to the user who typed it: the first GET of a
logged-in user takes it, whatever the address. Who typed it, when the session has already
ended, says a signed cookie that the login sets (``OWNER_COOKIE``); without it nothing is
kept.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.shortcuts import render, resolve_url
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.translation import gettext as _

SESSION_KEY = "unsent_form"
MAX_AGE = 2 * 60 * 60  # seconds
MAX_BYTES = 64 * 1024
NOT_KEPT = {"csrfmiddlewaretoken"}
OWNER_COOKIE = "unsent_owner"
OWNER_SALT = "core.unsent.owner"
OWNER_MAX_AGE = 60 * 60 * 24 * 30


class UnsentFormMiddleware:
    """Keep the form data of a POST that the login interrupted; offer it back after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET":
            _offer_kept_data(request)
        response = self.get_response(request)
        if request.method != "POST":
            return response
        if request.path == _login_path() and request.user.is_authenticated:
            _remember_owner(request, response)
        elif (
            _redirects_to_login(response)
            and not request.user.is_authenticated
            and _keep(request, owner=_owner_from_cookie(request))
        ):
            messages.info(
                request,
                _(
                    "Ihre Eingaben wurden nicht gespeichert, aber aufbewahrt: Nach der Anmeldung "
                    "stehen sie wieder im Formular."
                ),
            )
        return response


def _login_path() -> str:
    return resolve_url(settings.LOGIN_URL)


def _redirects_to_login(response) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == _login_path()


def _remember_owner(request, response) -> None:
    """After a login: whose form values this browser may keep once the session has ended."""
    response.set_signed_cookie(
        OWNER_COOKIE,
        str(request.user.pk),
        salt=OWNER_SALT,
        max_age=OWNER_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _owner_from_cookie(request) -> str | None:
    try:
        return request.get_signed_cookie(OWNER_COOKIE, salt=OWNER_SALT, max_age=OWNER_MAX_AGE)
    except (KeyError, signing.BadSignature):
        return None


def accepts_get(url: str) -> bool:
    """Whether the view behind a local ``url`` answers GET (False: a POST-only action).

    Class-based views say so through ``http_method_names`` and their handler methods; a
    function view cannot be asked and counts as accepting GET (the 405 page catches the rest).
    """
    path = urlsplit(url).path
    prefix = get_script_prefix()
    if path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    try:
        match = resolve(path)
    except Resolver404:
        return True
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:
        return True
    return "get" in view_class.http_method_names and hasattr(view_class, "get")


def _keep(request, owner) -> bool:
    """Keep the POST's form values for its address and ``owner`` (a user's pk); False where
    there is nothing (or nobody) to keep them for."""
    if not owner or request.path == _login_path() or not accepts_get(request.path):
        return False
    fields = {
        name: values
        for name, values in request.POST.lists()
        if name not in NOT_KEPT and "password" not in name.lower() and values
    }
    if not any(value.strip() for values in fields.values() for value in values):
        return False
    kept = {
        "path": request.path,
        "user": str(owner),
        "at": time.time(),
        "fields": fields,
        "files": list(request.FILES),
    }
    if len(json.dumps(kept)) > MAX_BYTES:
        return False
    request.session[SESSION_KEY] = kept
    return True


def _from_our_pages(request) -> bool:
    origin = request.headers.get("Origin", "")
    return bool(origin) and (
        origin == f"{request.scheme}://{request.get_host()}"
        or origin in settings.CSRF_TRUSTED_ORIGINS
    )


def csrf_failure(request, reason=""):
    """Django's CSRF refusal as a German page that keeps what our own stale form sent."""
    kept = False
    if request.method == "POST" and _from_our_pages(request):
        owner = request.user.pk if request.user.is_authenticated else _owner_from_cookie(request)
        kept = _keep(request, owner=owner)
    context = {"kept_url": request.path if kept else "", "reason": reason}
    return render(request, "403_csrf.html", context, status=403)


def _offer_kept_data(request) -> None:
    """Move data kept for this address and user to ``request.unsent_form`` (the first GET
    after the login takes it; for another address or user, or too old, it is dropped)."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session or not request.user.is_authenticated:
        return
    kept = session.pop(SESSION_KEY)
    if (
        kept.get("path") == request.path
        and kept.get("user") == str(request.user.pk)
        and time.time() - kept.get("at", 0) <= MAX_AGE
    ):
        note = _(
            "Ihre Sitzung war beendet, bevor Sie gespeichert haben. Ihre Eingaben von vorhin "
            "stehen wieder im Formular: Bitte prüfen und erneut speichern."
        )
        if kept.get("files"):
            note += " " + _("Ausgewählte Dateien bitte noch einmal auswählen.")
        request.unsent_form = {"fields": kept["fields"], "note": note}
