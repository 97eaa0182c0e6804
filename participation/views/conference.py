"""The integration conference: everyone logged in reads it, the coordinator keeps it."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import CreateView, ListView, UpdateView
from rules.contrib.views import PermissionRequiredMixin

from core import document_views
from core.documents import document_events, documents_context

from .. import minutes, services
from ..filenames import file_response
from ..forms import ConferenceForm, ConferenceResultForm
from ..models import Conference, ConferenceDocument, ConferenceResult


class ConferenceListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    permission_required = "participation.view_conference"
    template_name = "participation/conference_list.html"
    context_object_name = "conferences"

    def get_queryset(self):
        # 1 query: conferences with the number of results
        return Conference.objects.annotate(result_count=Count("results"))


class ConferenceCreateView(LoginRequiredMixin, PermissionRequiredMixin, CreateView):
    permission_required = "participation.manage_conferences"
    form_class = ConferenceForm
    template_name = "participation/conference_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("Die Konferenz ist gespeichert."))
        return super().form_valid(form)


class ConferenceUpdateView(ConferenceCreateView, UpdateView):
    model = Conference

    def form_valid(self, form):
        messages.success(self.request, _("Die Konferenz ist gespeichert."))
        return UpdateView.form_valid(self, form)


DOCUMENT_URLS = {
    "download": "participation:conference_document",
    "add": "participation:conference_document_add",
    "delete": "participation:conference_document_delete",
    "public": "participation:conference_document_public",
}


class ConferenceDetailView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.view_conference"

    def get(self, request, pk, result_form=None):
        conference = get_object_or_404(Conference, pk=pk)
        can_manage = request.user.has_perm("participation.manage_conferences")
        context = {
            "conference": conference,
            "results": conference.results.prefetch_related("measures", "goals"),
            "invited": conference.invited_actors.all(),
            "attended": conference.attended_actors.all(),
            "can_manage": can_manage,
            "result_form": (result_form or ConferenceResultForm()) if can_manage else None,
            # who would get the invitation (2 queries, whatever their number)
            "invitation_counts": services.invitation_counts(conference) if can_manage else None,
            **documents_context(
                documents=list(conference.documents.select_related("uploaded_by")),
                events=document_events(ConferenceDocument, conference_id=conference.pk),
                urls=DOCUMENT_URLS,
                can_add=can_manage,
                can_manage=can_manage,
            ),
        }
        return render(request, "participation/conference_detail.html", context)


class ConferenceDocumentMixin:
    owner_model = Conference
    document_model = ConferenceDocument
    owner_field = "conference"
    perm_view = "participation.view_conference"


class ConferenceDocumentAddView(ConferenceDocumentMixin, document_views.DocumentAddView):
    perm_action = "participation.manage_conferences"
    add = staticmethod(
        lambda *, owner, **kwargs: services.conference_document_add(conference=owner, **kwargs)
    )


class ConferenceDocumentDownloadView(ConferenceDocumentMixin, document_views.DocumentDownloadView):
    """Whoever may read the conference."""


class ConferenceDocumentDeleteView(ConferenceDocumentMixin, document_views.DocumentDeleteView):
    perm_action = "participation.manage_conferences"
    remove = staticmethod(services.conference_document_remove)


class ConferenceDocumentPublicView(ConferenceDocumentMixin, document_views.DocumentPublicView):
    perm_action = "participation.manage_conferences"
    set_public = staticmethod(services.conference_document_set_public)


class ConferenceResultAddView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.manage_conferences"
    http_method_names = ["post"]

    def post(self, request, pk):
        conference = get_object_or_404(Conference, pk=pk)
        form = ConferenceResultForm(request.POST)
        if not form.is_valid():  # the error summary on the page says what is wrong
            return ConferenceDetailView().get(request, pk, result_form=form)
        services.conference_result_add(
            conference=conference,
            user=request.user,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            measures=form.cleaned_data["measures"],
            goals=form.cleaned_data["goals"],
        )
        messages.success(request, _("Das Ergebnis ist gespeichert."))
        return redirect(conference.get_absolute_url() + "#ergebnisse")


class ConferenceResultDeleteView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.manage_conferences"
    http_method_names = ["post"]

    def post(self, request, pk):
        result = get_object_or_404(ConferenceResult.objects.select_related("conference"), pk=pk)
        conference = result.conference
        services.conference_result_delete(result=result, user=request.user)
        messages.success(request, _("Das Ergebnis ist gelöscht."))
        return redirect(conference.get_absolute_url() + "#ergebnisse")


class ConferenceInviteView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """First sending; after it, to newcomers only (``newcomers=1``) or to all (``again=1``)."""

    permission_required = "participation.manage_conferences"
    http_method_names = ["post"]

    def post(self, request, pk):
        conference = get_object_or_404(Conference, pk=pk)
        first = conference.invitation_sent_at is None
        again = request.POST.get("again") == "1"
        newcomers = request.POST.get("newcomers") == "1"
        try:
            count = services.conference_send_invitation(
                conference=conference,
                user=request.user,
                again=again,
                newcomers=newcomers,
                seen_sent_at=_parse_moment(request.POST.get("sent_at", "")),
            )
        except ValidationError as error:
            messages.warning(request, " ".join(error.messages))
        else:
            messages.success(request, _sent_message(count, first=first, again=again))
        return redirect(conference.get_absolute_url())


def _parse_moment(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value)
    except ValueError:
        return None


def _sent_message(count: int, *, first: bool, again: bool) -> str:
    if first:
        text = ngettext(
            "Die Einladung geht an %(count)d Person.",
            "Die Einladung geht an %(count)d Personen.",
            count,
        )
    elif again:
        text = ngettext(
            "Die Einladung geht noch einmal an alle: %(count)d Person.",
            "Die Einladung geht noch einmal an alle: %(count)d Personen.",
            count,
        )
    else:
        text = ngettext(
            "Die Einladung geht an %(count)d neu hinzugekommene Person; wer sie schon "
            "erhalten hat, bekommt sie nicht noch einmal.",
            "Die Einladung geht an %(count)d neu hinzugekommene Personen; wer sie schon "
            "erhalten hat, bekommt sie nicht noch einmal.",
            count,
        )
    return text % {"count": count}


class ConferenceMinutesView(LoginRequiredMixin, PermissionRequiredMixin, View):
    permission_required = "participation.view_conference"

    def get(self, request, pk):
        conference = get_object_or_404(Conference, pk=pk)
        filename, mimetype, content = minutes.render(conference)
        return file_response(content, filename=filename, mimetype=mimetype, as_attachment=True)
