"""Writes on indicator values and milestones. Each keeps ``Measure.indicator_current`` equal to
the newest value of the series and records who did it in the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .indicators import Measurement, MeasurementSource, Milestone
from .models import Measure
from .services_base import _stamp


def _refresh_current(measure: Measure, *, user, reason: str) -> None:
    """Set the measure's current value to the newest of its series (a history record only when
    it changes)."""
    newest = (
        Measurement.objects.filter(measure=measure)
        .order_by("-measured_on", "-created_at")
        .values_list("value", flat=True)
        .first()
    )
    if newest == measure.indicator_current:
        return
    measure.indicator_current = newest
    measure.version += 1
    _stamp(measure, user=user, reason=reason)
    measure.save(update_fields=["indicator_current", "version", "updated_at"])


def measurement_from_report(report, *, measure: Measure) -> Measurement | None:
    """The series' value of a Sachstand that carried one (called by the report services on the
    locked measure row, which they save themselves)."""
    if report.indicator_value is None:
        return None
    measurement = Measurement(
        measure=measure,
        measured_on=report.reported_on,
        value=report.indicator_value,
        source=MeasurementSource.IMPORT if report.channel == "import" else MeasurementSource.REPORT,
        status_update=report,
        recorded_by=report.author,
        recorded_by_name=report.reported_by,
    )
    measurement._history_user = report.author
    measurement.save()
    return measurement


def measurement_entered(measure: Measure, *, user) -> Measurement | None:
    """The current value typed into the measure's form joins the series (dated today); the
    measure is saved by the caller."""
    if measure.indicator_current is None:
        return None
    measurement = Measurement(
        measure=measure,
        measured_on=timezone.localdate(),
        value=measure.indicator_current,
        source=MeasurementSource.ENTERED,
        recorded_by=user,
    )
    measurement._history_user = user
    measurement.save()
    return measurement


def measurements_imported(measures, *, user, reason: str) -> None:
    """The current values of imported measures join their series (in bulk)."""
    from simple_history.utils import bulk_create_with_history

    today = timezone.localdate()
    bulk_create_with_history(
        [
            Measurement(
                measure=measure,
                measured_on=today,
                value=measure.indicator_current,
                source=MeasurementSource.IMPORT,
                recorded_by=user,
            )
            for measure in measures
            if measure.indicator_current is not None
        ],
        Measurement,
        batch_size=500,
        default_user=user,
        default_change_reason=reason,
    )


def newest_value(measure: Measure) -> Decimal | None:
    return (
        Measurement.objects.filter(measure=measure)
        .order_by("-measured_on", "-created_at")
        .values_list("value", flat=True)
        .first()
    )


@transaction.atomic
def measurement_add(
    *,
    measure: Measure,
    value: Decimal,
    measured_on: datetime.date,
    user,
    source: str = MeasurementSource.ENTERED,
    source_detail: str = "",
) -> Measurement:
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    measurement = Measurement(
        measure=measure,
        measured_on=measured_on,
        value=value,
        source=source,
        source_detail=source_detail,
        recorded_by=user,
    )
    measurement.full_clean(exclude=["measure", "recorded_by", "status_update"])
    measurement._history_user = user
    measurement.save()
    _refresh_current(measure, user=user, reason=_("Messwert erfasst"))
    return measurement


@transaction.atomic
def measurement_correct(
    *, measurement: Measurement, value: Decimal, measured_on: datetime.date, user, reason: str
) -> Measurement:
    """Correct a value or its date; the old one stays in the history with ``reason``."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte geben Sie an, warum der Wert korrigiert wird.")})
    measure = Measure.objects.select_for_update().get(pk=measurement.measure_id)
    measurement.value = value
    measurement.measured_on = measured_on
    measurement.full_clean(exclude=["measure", "recorded_by", "status_update"])
    measurement._history_user = user
    measurement._change_reason = reason.strip()
    measurement.save()
    _refresh_current(measure, user=user, reason=_("Messwert korrigiert: %s") % reason.strip())
    return measurement


@transaction.atomic
def measurement_delete(*, measurement: Measurement, user, reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Bitte geben Sie an, warum der Wert gelöscht wird.")})
    measure = Measure.objects.select_for_update().get(pk=measurement.measure_id)
    measurement._history_user = user
    measurement._change_reason = reason.strip()
    measurement.delete()
    _refresh_current(measure, user=user, reason=_("Messwert gelöscht: %s") % reason.strip())


@transaction.atomic
def milestones_set(
    *, measure: Measure, points: list[tuple[datetime.date, Decimal]], user
) -> list[Milestone]:
    """Replace the milestones of ``measure`` with ``points`` (date, expected value); each must
    lie between the baseline's date and the deadline."""
    start = measure.indicator_baseline_on or measure.start_date
    errors = []
    days = [day for day, _value in points]
    if len(set(days)) != len(days):
        errors.append(_("Jeder Meilenstein braucht ein eigenes Datum."))
    for day, _value in points:
        if (start and day <= start) or (measure.deadline and day >= measure.deadline):
            errors.append(
                _("Der Meilenstein am %(day)s liegt nicht zwischen Ausgangswert und Frist.")
                % {"day": f"{day:%d.%m.%Y}"}
            )
    if errors:
        raise ValidationError(errors)
    for old in measure.milestones.all():
        old._history_user = user
        old.delete()
    created = []
    for day, value in sorted(points):
        milestone = Milestone(measure=measure, due_on=day, value=value)
        milestone._history_user = user
        milestone.save()
        created.append(milestone)
    return created
