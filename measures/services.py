"""Writes on measures with business meaning: create, update, delete, report status.

Every write records its author and a reason in the history (django-simple-history) and
counts ``Measure.version`` up by one; ``measure_update`` refuses to overwrite a change that
happened after the form was opened (optimistic locking).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, Q
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _

from concept.models import ActionField, Actor, Goal
from core.conflicts import check_version
from core.documents import stored_files_delete_on_commit

from . import models
from .indicator_services import measurement_entered, measurements_imported
from .models import Measure
from .report_services import (  # noqa: F401  (the writes of a Sachstand, kept importable here)
    CannotConfirmUnchanged,
    measure_confirm_unchanged,
    measure_report_status,
    status_reports_import,
)
from .services_base import MeasureConflict, _stamp


def measure_validate(measure: Measure, *, exclude=None) -> None:
    """``full_clean()`` without asking the database about the ``Meta.constraints``.

    Each check constraint of ``Measure`` has its twin with a German message at its field
    (``Measure.clean()`` and the field validators; ``test_constraints.py`` holds them
    together), and the database enforces them on save anyway. Validating them here would cost
    a query each, built from every field of the measure: most of the time of an import.
    """
    measure.full_clean(exclude=exclude, validate_constraints=False)


def measure_record_partners(measure: Measure) -> None:
    """Copy the current partners into the newest history record of ``measure``.

    Partners are set while history is switched off (so one save gives one history record,
    not one per m2m signal); the snapshot is written here instead.
    """
    record = measure.history.order_by("-history_date", "-history_id").first()
    through = Measure.partners.through.objects.filter(measure=measure)
    models.HistoricalMeasure_partners.objects.filter(history=record).delete()
    models.HistoricalMeasure_partners.objects.bulk_create(
        models.HistoricalMeasure_partners(
            history=record, id=row.pk, measure_id=row.measure_id, actor_id=row.actor_id
        )
        for row in through
    )


def _set_partners_quietly(measure: Measure, partners: Iterable[Actor]) -> None:
    measure.skip_history_when_saving = True
    try:
        measure.partners.set(list(partners))
    finally:
        del measure.skip_history_when_saving


# Deleting a goal or an actor a measure points to --------------------------------------------
# The database would clear the references itself (SET NULL, and the partner rows go with the
# actor), but without a history record and without counting the version up: the next save
# would then show that change as its own. ``measures/signals.py`` calls these just before the
# goal or actor is deleted (concept, a lower layer, does not know about measures).


@transaction.atomic
def measures_detach_goal(*, goal: Goal, user) -> int:
    """Take ``goal`` off its measures, one history record each; returns their number."""
    measures = list(Measure.objects.select_for_update().filter(goal=goal).order_by("pk"))
    reason = _("Ziel „%(goal)s“ gelöscht") % {"goal": goal.title}
    for measure in measures:
        measure.goal = None
        _save_detached(measure, user=user, reason=reason, fields=["goal"])
    return len(measures)


@transaction.atomic
def measures_detach_actor(*, actor: Actor, user) -> int:
    """Take ``actor`` out of the partners and "Personal gestellt von" of every measure, one
    history record each; returns their number. (A lead actor cannot be deleted at all.)"""
    ids = Measure.objects.filter(Q(partners=actor) | Q(staff_actor=actor)).values("pk")
    measures = list(Measure.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    reason = _("Akteur „%(actor)s“ gelöscht") % {"actor": actor.name}
    for measure in measures:
        fields = []
        if measure.staff_actor_id == actor.pk:
            measure.staff_actor = None
            fields.append("staff_actor")
        measure.skip_history_when_saving = True
        try:
            measure.partners.remove(actor)
        finally:
            del measure.skip_history_when_saving
        _save_detached(measure, user=user, reason=reason, fields=fields)
    return len(measures)


def _save_detached(measure: Measure, *, user, reason: str, fields: list[str]) -> None:
    measure.version += 1
    _stamp(measure, user=user, reason=reason)
    measure.save(update_fields=[*fields, "version", "updated_at"])


class MeasureNumberTaken(Exception):  # noqa: N818 – a domain outcome, not a programming error
    """The number was free when the form was checked, but another measure took it since."""

    def __init__(self, number: str):
        self.number = number
        super().__init__(
            _(
                "Die Nummer %(number)s wurde soeben an eine andere Maßnahme vergeben. "
                "Bitte eine andere Nummer wählen oder das Feld leer lassen."
            )
            % {"number": number}
        )


NUMBER_ATTEMPTS = 5


@transaction.atomic
def measure_create(
    *, user, values: dict, partners: Iterable[Actor] = (), reason: str = ""
) -> Measure:
    """Create a measure. Without a number (blank) it gets the next free number of its action
    field; if another measure takes that number in the meantime, the one after it."""
    measure = Measure(**values)
    numbered_here = not (measure.number or "").strip()
    if numbered_here and measure.action_field_id:
        # Creations numbered here in one field wait for each other on the field's row (a no-op
        # on SQLite, which serialises writers anyway); the unique number catches the rest.
        ActionField.objects.select_for_update().filter(pk=measure.action_field_id).exists()
        measure.number = Measure.objects.next_free_number(measure.action_field)
    measure.version = 1
    _stamp(measure, user=user, reason=reason or _("angelegt"))
    measure_validate(measure)
    _insert_numbered(measure, renumber=numbered_here)
    _set_partners_quietly(measure, partners)
    measure_record_partners(measure)
    measurement_entered(measure, user=user)
    return measure


def _insert_numbered(measure: Measure, *, renumber: bool) -> None:
    """Insert ``measure``; the unique number decides a race between two creations. A number
    given here (``renumber``) moves on to the next free one, a number the user chose is
    reported as taken (``MeasureNumberTaken``)."""
    for attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                measure.save(force_insert=True)
            return
        except IntegrityError:
            taken = Measure.objects.filter(number=measure.number).exists()
            if not taken:
                raise
            if not renumber or attempt == NUMBER_ATTEMPTS - 1:
                raise MeasureNumberTaken(measure.number) from None
            measure.number = Measure.objects.next_free_number(measure.action_field)


@transaction.atomic
def measure_update(
    *,
    measure: Measure,
    user,
    values: dict,
    partners: Iterable[Actor] | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Measure:
    """Save ``values`` (and partners) on ``measure``.

    With ``expected_version``, refuse (``MeasureConflict``) if the stored measure has moved on
    since that version: the caller shows the other change and keeps the user's input.
    """
    measure.version, stored_current = (
        Measure.objects.select_for_update()
        .filter(pk=measure.pk)
        .values_list("version", "indicator_current")
    ).get()
    check_version(measure, expected_version, MeasureConflict)
    for name, value in values.items():
        setattr(measure, name, value)
    measure.version += 1
    _stamp(measure, user=user, reason=reason or _("bearbeitet"))
    measure_validate(measure)
    if partners is not None:
        _set_partners_quietly(measure, partners)
    measure.save()
    if measure.indicator_current != stored_current:
        measurement_entered(measure, user=user)
    return measure


class MeasureInUse(Exception):
    """The measure is referenced by records that must be kept (assessments, editions …)."""


def _in_use(measure: Measure, protected_objects) -> MeasureInUse:
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in protected_objects})
    return MeasureInUse(
        _(
            "Die Maßnahme %(number)s kann nicht gelöscht werden, weil sie noch verwendet "
            "wird (%(kinds)s). Setzen Sie stattdessen den Status auf „abgebrochen“."
        )
        % {"number": measure.number, "kinds": ", ".join(kinds)}
    )


def measure_delete_refusal(measure: Measure) -> MeasureInUse | None:
    """Why ``measure_delete`` would refuse (read only: Django's deletion collector, which
    finds the protecting records without deleting anything), or None."""
    collector = Collector(using=router.db_for_write(Measure))
    try:
        collector.collect([measure])
    except ProtectedError as error:
        return _in_use(measure, error.protected_objects)
    return None


@transaction.atomic
def measure_delete(*, measure: Measure, user) -> None:
    """Delete a measure; refuse while other records still refer to it. Its documents go with
    it (their history stays), their files once the deletion is committed."""
    _stamp(measure, user=user, reason=_("gelöscht"))
    documents = list(measure.documents.all())
    try:
        with transaction.atomic():
            measure.delete()
    except ProtectedError as error:
        raise _in_use(measure, error.protected_objects) from error
    stored_files_delete_on_commit(documents)


@transaction.atomic
def measures_create_many(
    *, user, measures: list[Measure], partners: list[list[Actor]], reason: str
) -> list[Measure]:
    """Create many measures at once (an import): validated beforehand by the caller (the
    import's plan), one history record each by ``user`` with ``reason`` and the partners in
    it, in a few queries per 500 measures instead of a dozen per measure: the import's
    transaction stays short."""
    from simple_history.utils import bulk_create_with_history

    for measure in measures:
        measure.version = 1
    created = bulk_create_with_history(
        measures, Measure, batch_size=500, default_user=user, default_change_reason=reason
    )
    measurements_imported(created, user=user, reason=reason)
    through = Measure.partners.through
    links = through.objects.bulk_create(
        [
            through(measure_id=measure.pk, actor_id=actor.pk)
            for measure, actors in zip(created, partners, strict=True)
            for actor in actors
        ],
        batch_size=500,
    )
    if links:
        records = dict(
            models.HistoricalMeasure.objects.filter(
                id__in={link.measure_id for link in links}
            ).values_list("id", "history_id")
        )
        models.HistoricalMeasure_partners.objects.bulk_create(
            [
                models.HistoricalMeasure_partners(
                    history_id=records[link.measure_id],
                    id=link.pk,
                    measure_id=link.measure_id,
                    actor_id=link.actor_id,
                )
                for link in links
            ],
            batch_size=500,
        )
    return created
