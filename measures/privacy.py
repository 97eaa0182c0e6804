"""Data protection in the measures layer: the status reports and partner notes a person wrote.

Status reports and notes are the municipality's records: an erasure keeps them. An account's
author becomes "gelöschte Person" (the account row stays, see concept/privacy.py); where a
report or note names its sender by text (a contact address through a personal link, or the
person who reported by phone), that name is replaced by "gelöschte Person", in the history too.
"""

from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy

from core import privacy

from .models import Measure, MeasureNote, StatusUpdate

ERASED = "gelöschte Person"


def _named(person: privacy.Person) -> Q:
    """Rows whose ``reported_by`` names one of the person's addresses (any case)."""
    condition = Q(pk__in=[])
    for address in person.addresses:
        condition |= Q(reported_by__iexact=address)
    return condition


def collect_status_reports(person: privacy.Person):
    condition = _named(person)
    if person.user is not None:
        condition |= Q(author=person.user)
    return [
        {
            "massnahme": s.measure.number,
            "datum": s.reported_on.isoformat(),
            "status": s.get_status_display(),
            "fortschritt": s.progress,
            "text": s.text,
            "gemeldet_ueber": s.get_channel_display(),
            "gemeldet_von": s.reported_by,
            "erfasst_am": s.created_at.isoformat(),
        }
        for s in StatusUpdate.objects.filter(condition).select_related("measure")
    ]


def collect_notes(person: privacy.Person):
    condition = _named(person)
    if person.user is not None:
        condition |= Q(author=person.user)
    return [
        {
            "massnahme": n.measure.number,
            "fuer": n.actor.name,
            "text": n.text,
            "geschrieben_von": n.reported_by,
            "erfasst_am": n.created_at.isoformat(),
        }
        for n in MeasureNote.objects.filter(condition).select_related("measure", "actor")
    ]


def erase_named_sender(person: privacy.Person, by) -> int:
    """Replace the person's address as the named sender of reports and notes (the records stay).
    One of the rare legitimate bulk updates: the name goes from the live rows and from their
    history alike (a history record written now would keep the address in the old ones)."""
    condition = _named(person)
    spelled = set(person.addresses)  # as stored (typed), for the reasons in the history
    for model in (StatusUpdate, MeasureNote):
        spelled |= set(model.history.filter(condition).values_list("reported_by", flat=True))
    count = 0
    for model in (StatusUpdate, MeasureNote):
        count += model.objects.filter(condition).update(reported_by=ERASED)
        model.history.filter(condition).update(reported_by=ERASED)
    for model in (Measure, StatusUpdate, MeasureNote):
        for address in spelled:
            model.history.filter(history_change_reason__contains=address).update(
                history_change_reason=Replace(
                    F("history_change_reason"), Value(address), Value(ERASED)
                )
            )
    return count


def register() -> None:
    privacy.register_collector(
        "sachstaende", gettext_lazy("Verfasste Sachstände"), collect_status_reports
    )
    privacy.register_collector("notizen", gettext_lazy("Notizen als Partner"), collect_notes)
    privacy.register_eraser("gemeldet_von", erase_named_sender)
