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
``MAX_BYTES``. The data is offered once: the first GET of a logged-in user takes it,
whatever the address.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.shortcuts import render, resolve_url
from django.utils.translation import gettext as _

SESSION_KEY = "unsent_form"
MAX_AGE = 2 * 60 * 60  # seconds
MAX_BYTES = 64 * 1024
NOT_KEPT = {"csrfmiddlewaretoken"}


class UnsentFormMiddleware:
    """Keep the form data of a POST that the login interrupted; offer it back after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "GET":
            _offer_kept_data(request)
        response = self.get_response(request)
        if (
            request.method == "POST"
            and _redirects_to_login(response)
            and not request.user.is_authenticated
            and _keep(request)
        ):
            messages.info(
                request,
                _(
                    "Ihre Eingaben wurden nicht gespeichert, aber aufbewahrt: Nach der Anmeldung "
                    "stehen sie wieder im Formular."
                ),
            )
        return response


def _redirects_to_login(response) -> bool:
    if response.status_code != 302:
        return False
    return urlsplit(response["Location"]).path == resolve_url(settings.LOGIN_URL)


def _keep(request) -> bool:
    """Keep the POST's form values for its address; False where there is nothing to keep."""
    from concept.views.account import accepts_get

    if not accepts_get(request.path):
        return False
    fields = {
        name: values for name, values in request.POST.lists() if name not in NOT_KEPT and values
    }
    if not any(value.strip() for values in fields.values() for value in values):
        return False
    kept = {"path": request.path, "at": time.time(), "fields": fields, "files": list(request.FILES)}
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
    kept = request.method == "POST" and _from_our_pages(request) and _keep(request)
    context = {"kept_url": request.path if kept else "", "reason": reason}
    return render(request, "403_csrf.html", context, status=403)


def _offer_kept_data(request) -> None:
    """Move data kept for this address to ``request.unsent_form`` (the first GET after the
    login takes it; elsewhere or too old, it is dropped)."""
    session = getattr(request, "session", None)
    if session is None or SESSION_KEY not in session or not request.user.is_authenticated:
        return
    kept = session.pop(SESSION_KEY)
    if kept.get("path") == request.path and time.time() - kept.get("at", 0) <= MAX_AGE:
        note = _(
            "Ihre Sitzung war beendet, bevor Sie gespeichert haben. Ihre Eingaben von vorhin "
            "stehen wieder im Formular: Bitte prüfen und erneut speichern."
        )
        if kept.get("files"):
            note += " " + _("Ausgewählte Dateien bitte noch einmal auswählen.")
        request.unsent_form = {"fields": kept["fields"], "note": note}
