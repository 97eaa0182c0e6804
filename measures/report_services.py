"""Writes of status reports (Sachstände): reported in the browser, through a personal link, on
someone's behalf, or imported. Each records its author and channel in the history and counts
``Measure.version`` up by one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.conflicts import check_version

from . import models
from .indicator_services import measurement_from_report, newest_value
from .indicators import Measurement, MeasurementSource
from .models import Measure, ReportChannel, StatusUpdate
from .services_base import MeasureConflict, _stamp


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
    channel: str = ReportChannel.ACCOUNT,
    reported_by: str = "",
) -> StatusUpdate:
    """Record a Sachstand and copy status, progress and indicator value onto the measure.

    Only these three fields of the measure change; the history records ``user`` as author.
    An omitted indicator value (``None``) keeps the measure's current value: a report never
    clears what its sender did not touch. With ``expected_version`` (the version the form
    showed), refuse (``MeasureConflict``) if someone has saved or reported since: the form's
    values would silently undo that.

    ``channel`` says how the report came in. Through a personal link there is no ``user``;
    ``reported_by`` names the contact address. Reported to the coordination by phone,
    ``user`` is the coordinator who typed it and ``reported_by`` the person who reported.
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
        channel=channel,
        reported_by=reported_by,
    )


def _report_reason(*, unchanged: bool, channel: str, reported_by: str) -> str:
    reason = _("Sachstand: unverändert bestätigt") if unchanged else _("Sachstand gemeldet")
    if channel == ReportChannel.PERSONAL_LINK:
        return _("%(reason)s von %(who)s über persönlichen Link") % {
            "reason": reason,
            "who": reported_by,
        }
    if channel == ReportChannel.ON_BEHALF:
        return _("%(reason)s: telefonisch gemeldet von %(who)s") % {
            "reason": reason,
            "who": reported_by,
        }
    return reason


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
    channel=ReportChannel.ACCOUNT,
    reported_by="",
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
        channel=channel,
        reported_by=reported_by,
    )
    update._history_user = user
    update._change_reason = _report_reason(
        unchanged=unchanged, channel=channel, reported_by=reported_by
    )
    # The measure is the row locked above and the author the signed-in user: no need to ask
    # the database whether they exist. The only constraint (progress 0–100) is also a field
    # validator, so clean_fields() reports it in German without a query per constraint.
    update.full_clean(exclude=["measure", "author"], validate_constraints=False)
    update.save()
    locked.status = status
    locked.progress = progress
    if indicator_value is not None:  # omitted: the current value stays
        measurement_from_report(update, measure=locked)
        # the newest of the series (a report dated back does not replace a newer value)
        locked.indicator_current = newest_value(locked)
    locked.version += 1
    _stamp(
        locked,
        user=user,
        reason=_report_reason(unchanged=unchanged, channel=channel, reported_by=reported_by),
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
def measure_confirm_unchanged(
    *, measure: Measure, user, channel: str = ReportChannel.ACCOUNT, reported_by: str = ""
) -> StatusUpdate:
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
        channel=channel,
        reported_by=reported_by,
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
        report.channel = ReportChannel.IMPORT
    bulk_create_with_history(
        reports, StatusUpdate, batch_size=500, default_user=user, default_change_reason=reason
    )
    bulk_create_with_history(
        [
            Measurement(
                measure_id=report.measure_id,
                measured_on=report.reported_on,
                value=report.indicator_value,
                source=MeasurementSource.IMPORT,
                status_update=report,
                recorded_by=user,
            )
            for report in reports
            if report.indicator_value is not None
        ],
        Measurement,
        batch_size=500,
        default_user=user,
        default_change_reason=reason,
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
