"""The personal calendar feed and its secret link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views import View

from .. import services
from ..calendar import build_feed, feed_owner, feed_version
from ..links import absolute_url


class CalendarView(LoginRequiredMixin, View):
    def get(self, request):
        token = request.user.calendar_token
        feed_url = (
            absolute_url(reverse("participation:calendar_feed", kwargs={"token": token}))
            if token
            else None
        )
        return render(request, "participation/calendar.html", {"feed_url": feed_url})


class ReminderSettingsView(LoginRequiredMixin, View):
    """The per-user opt-out of non-essential mails (reminders)."""

    http_method_names = ["post"]

    def post(self, request):
        wanted = request.POST.get("receives_reminders") == "on"
        services.user_set_reminders(user=request.user, receives_reminders=wanted)
        messages.success(
            request,
            _("Sie erhalten Erinnerungen per E-Mail.")
            if wanted
            else _("Sie erhalten keine Erinnerungen mehr per E-Mail."),
        )
        return redirect("participation:calendar")


class CalendarTokenView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.calendar_token_renew(user=request.user)
        messages.success(
            request, _("Ihr Kalender-Link ist erzeugt. Ein früherer Link gilt nicht mehr.")
        )
        return redirect("participation:calendar")


class CalendarRevokeView(LoginRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        services.calendar_token_revoke(user=request.user)
        messages.success(request, _("Ihr Kalender-Link ist widerrufen."))
        return redirect("participation:calendar")


class CalendarFeedView(View):
    """No login: the secret token is the key. Unknown, revoked or inactive → 404.

    Conditional GET: a client that sends the ETag (or Last-Modified) of its copy gets
    304 Not Modified while nothing in the feed has changed. The token is checked first, so a
    revoked link never gets a 304.
    """

    def get(self, request, token):
        user = feed_owner(token)
        if user is None:
            raise Http404
        version = feed_version(user)
        response = get_conditional_response(
            request, etag=version.etag, last_modified=version.timestamp
        )
        if response is None:
            response = HttpResponse(
                build_feed(user, stamp=version.last_modified),
                content_type="text/calendar; charset=utf-8",
            )
            response["Content-Disposition"] = 'inline; filename="integrationskonzept.ics"'
        response["ETag"] = version.etag
        if version.timestamp is not None:
            response["Last-Modified"] = http_date(version.timestamp)
        response["Cache-Control"] = "private, max-age=900"
        return response
