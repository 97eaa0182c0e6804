"""Writes of partner notes: a partner's word on a measure, recorded with its author."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.text import invisible_error

from .models import Measure, MeasureNote


def note_add(
    *, measure: Measure, actor, text: str, user=None, reported_by: str = ""
) -> MeasureNote:
    """Record a note by ``actor`` (a partner of ``measure``) on ``measure``.

    ``user`` is the member who wrote it; through a personal link there is no user and
    ``reported_by`` names the contact address. The measure itself does not change.
    """
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Bitte schreiben Sie eine Notiz.")})
    if invisible_error(text):
        raise ValidationError({"text": invisible_error(text)})
    note = MeasureNote(
        measure=measure, actor=actor, author=user, reported_by=reported_by, text=text
    )
    note._history_user = user
    note._change_reason = (
        _("Notiz über persönlichen Link von %s") % reported_by if reported_by else _("Notiz")
    )
    note.full_clean(exclude=["measure", "actor", "author"])
    note.save()
    return note


@transaction.atomic
def note_delete(*, note: MeasureNote, user) -> None:
    """Delete ``note`` (the coordination); its history keeps the text and who deleted it."""
    note._history_user = user
    note._change_reason = _("Notiz gelöscht")
    note.delete()
