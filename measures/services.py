"""Writes on measures with business meaning: create, update, delete, report status.

Every write records its author and a reason in the history (django-simple-history) and
counts ``Measure.version`` up by one; ``measure_update`` refuses to overwrite a change that
happened after the form was opened (optimistic locking).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, router, transaction
from django.db.models import ProtectedError, Q
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concept.models import ActionField, Actor, Goal
from core.conflicts import EditConflict, check_version
from core.documents import stored_files_delete_on_commit

from . import models
from .models import Measure, StatusUpdate


class MeasureConflict(EditConflict):
    """Someone else saved the measure after the form was opened (``core.conflicts``)."""

    subject = gettext_lazy("die Maßnahme")

    @property
    def measure(self) -> Measure:
        return self.current


def measure_validate(measure: Measure, *, exclude=None) -> None:
    """``full_clean()`` without asking the database about the ``Meta.constraints``.

    Each check constraint of ``Measure`` has its twin with a German message at its field
    (``Measure.clean()`` and the field validators; ``test_constraints.py`` holds them
    together), and the database enforces them on save anyway. Validating them here would cost
    a query each, built from every field of the measure: most of the time of an import.
    """
    measure.full_clean(exclude=exclude, validate_constraints=False)


def _stamp(measure: Measure, *, user, reason: str) -> None:
    measure._history_user = user
    measure._change_reason = reason


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
    measure.version = (
        Measure.objects.select_for_update().filter(pk=measure.pk).values_list("version", flat=True)
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
def measure_report_status(
    *,
    measure: Measure,
    user,
    status: str,
    progress: int,
    indicator_value: Decimal | None = None,
    text: str = "",
    reported_on: datetime.date | None = None,
    unchanged: bool = False,
    expected_version: int | None = None,
) -> StatusUpdate:
    """Record a Sachstand and copy status, progress and indicator value onto the measure.

    Only these three fields of the measure change; the history records ``user`` as author.
    With ``expected_version`` (the version the form showed), refuse (``MeasureConflict``) if
    someone has saved or reported since: the form's values would silently undo that.
    """
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    check_version(locked, expected_version, MeasureConflict)
    return _record_report(
        locked,
        measure,
        user=user,
        status=status,
        progress=progress,
        indicator_value=indicator_value,
        text=text,
        reported_on=reported_on,
        unchanged=unchanged,
    )


def _record_report(
    locked: Measure,
    measure: Measure,
    *,
    user,
    status,
    progress,
    indicator_value,
    text,
    reported_on,
    unchanged,
) -> StatusUpdate:
    """The writes of a Sachstand on the row ``locked`` (select_for_update); ``measure`` is the
    caller's object, which then shows the new state too."""
    update = StatusUpdate(
        measure=locked,
        author=user,
        reported_on=reported_on or timezone.localdate(),
        status=status,
        progress=progress,
        indicator_value=indicator_value,
        text=text,
        unchanged=unchanged,
    )
    update._history_user = user
    # The measure is the row locked above and the author the signed-in user: no need to ask
    # the database whether they exist. The only constraint (progress 0–100) is also a field
    # validator, so clean_fields() reports it in German without a query per constraint.
    update.full_clean(exclude=["measure", "author"], validate_constraints=False)
    update.save()
    locked.status = status
    locked.progress = progress
    locked.indicator_current = indicator_value
    locked.version += 1
    _stamp(
        locked,
        user=user,
        reason=_("Sachstand: unverändert bestätigt") if unchanged else _("Sachstand gemeldet"),
    )
    changed = ["status", "progress", "indicator_current", "version", "updated_at"]
    locked.save(update_fields=changed)
    for name in changed:  # the caller's object shows the new state without another query
        setattr(measure, name, getattr(locked, name))
    return update


class CannotConfirmUnchanged(Exception):  # noqa: N818 – a domain outcome
    """The measure is closed or overdue ("unverändert, weiter im Plan" would not be true), or
    it was confirmed today already."""


@transaction.atomic
def measure_confirm_unchanged(*, measure: Measure, user) -> StatusUpdate:
    """One click: "unverändert, weiter im Plan" – a dated report copying the current values.

    Refused (``CannotConfirmUnchanged``, nothing written) for a closed or overdue measure:
    those need a real Sachstand (a new status, or a new deadline from the coordination); and
    a second time on the same day.
    """
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if current.status not in models.OPEN_STATUSES:
        raise CannotConfirmUnchanged(
            _(
                "Maßnahme %(number)s ist %(status)s: „Unverändert, weiter im Plan“ gilt nur "
                "für laufende Maßnahmen. Bitte melden Sie stattdessen einen Sachstand."
            )
            % {"number": current.number, "status": current.get_status_display()}
        )
    if current.is_overdue:
        raise CannotConfirmUnchanged(
            _(
                "Maßnahme %(number)s ist überfällig (Frist %(deadline)s): „Unverändert, weiter "
                "im Plan“ trifft nicht zu. Bitte melden Sie einen Sachstand; eine neue Frist "
                "legt die Koordination fest."
            )
            % {"number": current.number, "deadline": f"{current.deadline:%d.%m.%Y}"}
        )
    if current.confirmed_unchanged_today:
        raise CannotConfirmUnchanged(
            _("Maßnahme %(number)s ist heute schon als „unverändert, weiter im Plan“ bestätigt.")
            % {"number": current.number}
        )
    return _record_report(
        current,
        measure,
        user=user,
        status=current.status,
        progress=current.progress,
        indicator_value=current.indicator_current,
        text=_("Unverändert, weiter im Plan."),
        reported_on=None,
        unchanged=True,
    )


@transaction.atomic
def status_reports_import(*, user, reports: list[StatusUpdate]) -> int:
    """Record past Sachstände (an import, validated by its plan) with their own dates.

    Each report gets its history record by ``user``. A measure takes status, progress and
    indicator value of its newest imported report only if no stored report is newer: an old
    report imported later never overwrites what was reported since. Returns how many were
    written. A few queries per 500 reports, plus two per measure whose state changes.
    """
    from django.db.models import Max
    from simple_history.utils import bulk_create_with_history

    if not reports:
        return 0
    reason = _("Import aus Datei")
    ids = {report.measure_id for report in reports}
    newest_stored = dict(
        StatusUpdate.objects.filter(measure_id__in=ids)
        .values("measure_id")
        .annotate(newest=Max("reported_on"))
        .values_list("measure_id", "newest")
    )
    for report in reports:
        report.author = user
    bulk_create_with_history(
        reports, StatusUpdate, batch_size=500, default_user=user, default_change_reason=reason
    )
    newest: dict[int, StatusUpdate] = {}
    for report in sorted(reports, key=lambda r: r.reported_on):
        newest[report.measure_id] = report
    for measure in Measure.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        report = newest[measure.pk]
        stored = newest_stored.get(measure.pk)
        if stored is not None and report.reported_on < stored:
            continue
        measure.status = report.status
        measure.progress = report.progress
        if report.indicator_value is not None:
            measure.indicator_current = report.indicator_value
        measure.version += 1
        _stamp(measure, user=user, reason=_("Sachstände importiert"))
        measure.save(
            update_fields=["status", "progress", "indicator_current", "version", "updated_at"]
        )
    return len(reports)


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
