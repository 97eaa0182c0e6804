"""The form of a partner note: for which partner actor, and the text."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class NoteForm(forms.Form):
    """``actors``: the partner actors the user may write for (``views.notes.note_actors``).
    With one there is nothing to choose: the field is hidden and the page names the actor."""

    actor = forms.TypedChoiceField(
        label=_("Notiz für"),
        coerce=int,
        error_messages={
            "required": _("Bitte wählen Sie, für welchen Partner Sie schreiben."),
            "invalid_choice": _("Für diesen Akteur können Sie hier keine Notiz schreiben."),
        },
    )
    text = forms.CharField(
        label=_("Notiz"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={
            "required": _("Bitte schreiben Sie eine Notiz."),
            "max_length": _("Die Notiz darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )

    def __init__(self, *args, actors, **kwargs):
        super().__init__(*args, **kwargs)
        self.actors = {actor.pk: actor for actor in actors}
        self.fields["actor"].choices = [(actor.pk, actor.name) for actor in actors]
        if len(actors) == 1:
            self.fields["actor"].widget = forms.HiddenInput()
            self.fields["actor"].initial = actors[0].pk

    @property
    def single_actor(self):
        return next(iter(self.actors.values())) if len(self.actors) == 1 else None

    def clean_actor(self):
        return self.actors[self.cleaned_data["actor"]]
