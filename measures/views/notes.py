"""Partner notes on a measure: written by a partner actor's members (or the coordination for a
partner), deleted by the coordination; the history keeps every note."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from concept.roles import is_coordinator

from .. import note_services
from ..models import MeasureNote
from ..note_forms import NoteForm
from ..rules import member_actor_ids
from .common import MeasurePermissionMixin


def note_actors_of(measure, user, partners=None) -> list:
    """The partner actors ``user`` may write a note for on ``measure``, by name: the
    coordination any partner, a member those it belongs to, nobody else. ``partners``: the
    measure's partners where already loaded."""
    if not user.has_perm("measures.add_note", measure):
        return []
    if partners is None:
        partners = list(measure.partners.all())
    partners = sorted(partners, key=lambda actor: actor.name.casefold())
    if is_coordinator(user):
        return partners
    mine = member_actor_ids(user)
    return [actor for actor in partners if actor.pk in mine]


def notes_url(measure) -> str:
    return measure.get_absolute_url() + "#notizen"


class MeasureNoteAddView(MeasurePermissionMixin, View):
    """POST only (the form is on the measure page); a wrong input comes back on a page of its
    own with the typed text kept."""

    permission_required = "measures.add_note"
    template_name = "measures/note_form.html"

    def post(self, request, pk):
        actors = note_actors_of(self.measure, request.user)
        form = NoteForm(request.POST, actors=actors)
        if not actors:
            form.add_error(None, _("Diese Maßnahme hat keinen Kooperationspartner."))
        elif form.is_valid():
            try:
                note_services.note_add(
                    measure=self.measure,
                    actor=form.cleaned_data["actor"],
                    text=form.cleaned_data["text"],
                    user=request.user,
                )
            except ValidationError as refused:
                form.add_error(None, refused)
            else:
                messages.success(request, _("Notiz gespeichert."))
                return redirect(notes_url(self.measure))
        context = {"measure": self.measure, "note_form": form}
        return render(request, self.template_name, context, status=400)


class MeasureNoteDeleteView(MeasurePermissionMixin, View):
    """The coordination; asks first (GET), deletes on POST. The history keeps the note."""

    permission_required = "measures.delete_note"
    template_name = "measures/note_confirm_delete.html"

    def get_note(self):
        return get_object_or_404(
            MeasureNote.objects.select_related("actor", "author"),
            pk=self.kwargs["note_pk"],
            measure=self.measure,
        )

    def get(self, request, pk, note_pk):
        context = {"measure": self.measure, "note": self.get_note()}
        return render(request, self.template_name, context)

    def post(self, request, pk, note_pk):
        note_services.note_delete(note=self.get_note(), user=request.user)
        messages.success(request, _("Notiz gelöscht; die Änderungshistorie behält sie."))
        return redirect(notes_url(self.measure))
