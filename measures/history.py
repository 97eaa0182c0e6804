"""The change history of a measure, read from django-simple-history, in German words.

``measure_history(measure)`` answers "who changed which field from what to what, and when";
``newest_history(measure, start, stop)`` answers it for one page of the newest saves. Both in a
constant number of queries: the history records with their users, the partner
snapshots of those records, and one lookup each for the action fields, goals and actors
the records point to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Window
from django.utils.translation import gettext as _

from concept.models import ActionField, Actor, Goal
from core import documents as core_documents
from core import formatting

from . import models
from .models import Measure

# Bookkeeping fields that are not shown as changes.
IGNORED = {"id", "version", "created_at", "updated_at", "is_smart_stored"}
FOREIGN_KEYS = {
    "action_field": ActionField,
    "goal": Goal,
    "lead_actor": Actor,
    "staff_actor": Actor,
}
TRACKED = [f for f in Measure._meta.concrete_fields if f.name not in IGNORED and f.name != "id"]
# What a field's type does not say about its values.
KINDS = {"budget_amount": formatting.EURO}
# Shown only to those who may change the measure (the detail page shows them the same way).
INTERNAL = {"notes"}


@dataclass(frozen=True)
class Change:
    field: str  # German verbose name
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    user: object | None
    kind: str  # "+", "~", "-"
    reason: str
    version: int
    changes: list[Change] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return {"+": _("angelegt"), "~": _("geändert"), "-": _("gelöscht")}[self.kind]


def _format(value, model_field, names: dict) -> str:
    if model_field.name in FOREIGN_KEYS:
        model = FOREIGN_KEYS[model_field.name]
        return formatting.field_value(
            model_field, value, lookup=lambda pk: names.get((model, pk), _("(gelöscht)"))
        )
    return formatting.field_value(model_field, value, kind=KINDS.get(model_field.name))


def _names(wanted: dict[type, set], partner_ids: set) -> tuple[dict, dict]:
    """Names of the objects ``wanted`` ({model: pks}) and of the partners ``partner_ids``:
    ``{(model, pk): str(obj)}`` and ``{actor pk: name}``; one query per model (actors
    and partners together), deleted ones from their own history."""
    wanted = {model: set(pks) for model, pks in wanted.items()}
    if partner_ids:
        wanted.setdefault(Actor, set()).update(partner_ids)
    names, partner_names = {}, {}
    for model, pks in wanted.items():
        for obj in model.objects.filter(pk__in=pks):
            names[(model, obj.pk)] = str(obj)
            if model is Actor:
                partner_names[obj.pk] = obj.name
        for pk, name in _deleted_names(model, pks - {pk for m, pk in names if m is model}):
            names[(model, pk)] = name
            if model is Actor:
                partner_names[pk] = name
    return names, partner_names


def _wanted_names(records, partners_of) -> tuple[dict[type, set], set]:
    """Which names the changes need: only of the references and partner lists that changed
    from one record to the next (most saves change neither, and then nothing is looked up)."""
    wanted: dict[type, set] = {}
    partner_ids: set = set()
    for previous, record in zip(records, records[1:], strict=False):
        if record.history_type == "-":
            continue
        for name, model in FOREIGN_KEYS.items():
            old, new = getattr(previous, f"{name}_id"), getattr(record, f"{name}_id")
            if old != new:
                wanted.setdefault(model, set()).update(v for v in (old, new) if v is not None)
        old_p = partners_of.get(previous.history_id, set())
        new_p = partners_of.get(record.history_id, set())
        if old_p != new_p:
            partner_ids |= old_p | new_p
    return wanted, partner_ids


def _deleted_names(model, pks) -> list[tuple[int, str]]:
    """Names of deleted objects from their own history (one query, only if any is missing):
    "Sprachpaten e. V. (gelöscht)" tells more than "(gelöscht)"."""
    if not pks:
        return []
    newest = {}
    for record in model.history.filter(id__in=pks).order_by("id", "-history_date", "-history_id"):
        newest.setdefault(record.id, record)
    return [
        (pk, _("%(name)s (gelöscht)") % {"name": record.instance}) for pk, record in newest.items()
    ]


def _entries(records, partner_rows, include_internal: bool) -> list[HistoryEntry]:
    tracked = [f for f in TRACKED if include_internal or f.name not in INTERNAL]
    partner_ids_of: dict[int, set] = {}
    for row in partner_rows:
        partner_ids_of.setdefault(row.history_id, set()).add(row.actor_id)
    names, actor_names = _names(*_wanted_names(records, partner_ids_of))
    partners_of = {
        history_id: [actor_names.get(pk, _("(gelöscht)")) for pk in pks]
        for history_id, pks in partner_ids_of.items()
    }
    partners_label = str(Measure._meta.get_field("partners").verbose_name)

    entries = []
    previous = None
    for record in records:
        entry = HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            reason=record.history_change_reason or "",
            version=record.version,
        )
        if previous is not None and record.history_type != "-":
            for model_field in tracked:
                old = getattr(previous, model_field.attname)
                new = getattr(record, model_field.attname)
                if old != new:
                    entry.changes.append(
                        Change(
                            str(model_field.verbose_name),
                            _format(old, model_field, names),
                            _format(new, model_field, names),
                        )
                    )
            old_p = sorted(partners_of.get(previous.history_id, []))
            new_p = sorted(partners_of.get(record.history_id, []))
            if old_p != new_p:
                entry.changes.append(
                    Change(partners_label, formatting.names(old_p), formatting.names(new_p))
                )
        entries.append(entry)
        previous = record
    return entries


def _partner_rows(records) -> list:
    return list(
        models.HistoricalMeasure_partners.objects.filter(
            history__in=[r.history_id for r in records]
        ).order_by("pk")
    )


def history_records(measure: Measure):
    """The measure's history records with their users, newest first."""
    return (
        models.HistoricalMeasure.objects.filter(id=measure.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def measure_history(
    measure: Measure, *, since_version: int | None = None, include_internal: bool = False
) -> list[HistoryEntry]:
    """Every save of ``measure``, oldest first; with ``since_version`` only later saves.
    Changes of internal fields (``INTERNAL``) only with ``include_internal``."""
    records = list(history_records(measure).reverse())
    if not records:
        return []
    entries = _entries(records, _partner_rows(records), include_internal)
    if since_version is not None:
        entries = [e for e in entries if e.version > since_version]
    return entries


def newest_history(
    measure: Measure, start: int, stop: int, *, include_internal: bool = False
) -> tuple[list[HistoryEntry], int]:
    """Saves ``start`` to ``stop`` (exclusive) counted from the newest, newest first, and the
    number of saves in all. The same queries however long the history: one more record than
    shown is read, as the "before" of the oldest entry shown."""
    records = list(
        history_records(measure).annotate(total=Window(Count("history_id")))[start : stop + 1]
    )
    if not records:
        return [], 0
    total = records[0].total
    records.reverse()
    entries = _entries(records, _partner_rows(records), include_internal)
    if len(records) > stop - start:
        entries = entries[1:]  # that record was read only for the changes of the next one
    entries.reverse()
    return entries, total


def document_events(measure: Measure, limit: int = 10) -> list:
    """The newest uploads, deletions and releases of the measure's documents (one query)."""
    return core_documents.document_events(
        models.MeasureDocument, limit=limit, measure_id=measure.pk
    )


def deleted_notes(measure: Measure, limit: int = 10) -> list:
    """The newest deleted partner notes of the measure, from their history (one query): text,
    actor and author as they were, who deleted them and when (``history_user``,
    ``history_date``)."""
    return list(
        models.MeasureNote.history.filter(measure_id=measure.pk, history_type="-")
        .select_related("actor", "author", "history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
