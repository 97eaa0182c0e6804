"""Reporting rounds (Berichtsrunden): open a round on a selection of measures, change it while
it is open, and close it, which freezes each entry's state as of the round.

What counts as reported is decided in the query (``RoundEntry.objects.with_outcome()``): a
Sachstand recorded after the round opened. Closing copies that outcome and the measure's
values onto the entries, so that a later report changes nothing in a closed round.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from concept.models import ActionField, Actor
from measures.models import OPEN_STATUSES, Measure, MeasureStatus, StatusUpdate

from ..models import ReportingRound, RoundEntry

FROZEN_FIELDS = [
    "outcome",
    "status",
    "progress",
    "indicator_value",
    "deadline",
    "report",
    "reported_on",
    "text",
]


def round_candidates(*, action_fields=(), actors=(), statuses=()):
    """The measures a round with this selection asks about: those with one of ``statuses``
    (default: the open ones), in ``action_fields`` and led by ``actors`` when given."""
    measures = Measure.objects.filter(status__in=list(statuses) or list(OPEN_STATUSES))
    if action_fields:
        measures = measures.filter(action_field__in=list(action_fields))
    if actors:
        measures = measures.filter(lead_actor__in=list(actors))
    return measures


def _selection(action_fields, actors, statuses) -> dict:
    """What the round was opened for, readable even after a renaming or deletion."""
    return {
        "action_fields": [{"id": f.pk, "name": f"{f.number} {f.name}"} for f in action_fields],
        "actors": [{"id": a.pk, "name": a.name} for a in actors],
        "statuses": [
            {"id": str(s), "name": str(MeasureStatus(s).label)} for s in (statuses or OPEN_STATUSES)
        ],
    }


def _check_dates(as_of: datetime.date, due_on: datetime.date) -> None:
    if as_of and due_on and due_on < as_of:
        raise ValidationError({"due_on": _("„Meldungen bis“ darf nicht vor dem Stichtag liegen.")})


def _entries(reporting_round: ReportingRound, measures: Iterable[Measure]) -> list[RoundEntry]:
    return [
        RoundEntry(
            round=reporting_round,
            measure=m,
            number=m.number,
            title=m.title,
            action_field_id=m.action_field_id,
            lead_actor_id=m.lead_actor_id,
        )
        for m in measures
    ]


def _require_open(reporting_round: ReportingRound) -> None:
    if reporting_round.is_closed:
        raise ValidationError(_("Die Berichtsrunde ist abgeschlossen und lässt sich nicht ändern."))


def _save(reporting_round: ReportingRound, *, by, reason: str) -> None:
    reporting_round._history_user = by
    reporting_round._change_reason = reason
    reporting_round.full_clean(exclude=["opened_by", "closed_by"])
    reporting_round.save()


@transaction.atomic
def round_open(
    *,
    title: str,
    as_of: datetime.date,
    due_on: datetime.date,
    message: str = "",
    action_fields: Iterable[ActionField] = (),
    actors: Iterable[Actor] = (),
    statuses: Iterable[str] = (),
    remind_partners: bool = False,
    by,
) -> ReportingRound:
    """Open a round asking for a Sachstand on the selected measures (bulk: a few queries,
    whatever their number). Refused for an empty selection or a due date before the
    Stichtag."""
    action_fields, actors, statuses = list(action_fields), list(actors), list(statuses)
    _check_dates(as_of, due_on)
    measures = list(
        round_candidates(action_fields=action_fields, actors=actors, statuses=statuses)
        .only("pk", "number", "title", "action_field_id", "lead_actor_id")
        .order_by("number")
    )
    if not measures:
        raise ValidationError(
            _(
                "Zu dieser Auswahl gibt es keine Maßnahmen. Bitte wählen Sie weitere "
                "Handlungsfelder, Akteure oder Status."
            )
        )
    reporting_round = ReportingRound(
        title=title,
        as_of=as_of,
        due_on=due_on,
        message=message,
        remind_partners=remind_partners,
        selection=_selection(action_fields, actors, statuses),
        opened_by=by,
    )
    _save(reporting_round, by=by, reason=_("Berichtsrunde eröffnet"))
    RoundEntry.objects.bulk_create(_entries(reporting_round, measures))
    return reporting_round


@transaction.atomic
def round_update(
    *,
    reporting_round: ReportingRound,
    title: str,
    due_on: datetime.date,
    message: str = "",
    by,
) -> ReportingRound:
    """Change title, due date and message of an open round."""
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    _require_open(reporting_round)
    _check_dates(reporting_round.as_of, due_on)
    reporting_round.title = title
    reporting_round.due_on = due_on
    reporting_round.message = message
    _save(reporting_round, by=by, reason=_("Berichtsrunde geändert"))
    return reporting_round


@transaction.atomic
def round_add_measures(*, reporting_round: ReportingRound, measures: Iterable[Measure], by) -> int:
    """Add measures to an open round (those already in it are skipped); returns how many."""
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    _require_open(reporting_round)
    present = set(reporting_round.entries.values_list("measure_id", flat=True))
    new = [m for m in measures if m.pk not in present]
    RoundEntry.objects.bulk_create(_entries(reporting_round, new))
    if new:
        numbers = ", ".join(m.number for m in new)
        reporting_round._history_user = by
        reporting_round._change_reason = _("Maßnahmen aufgenommen: %(numbers)s") % {
            "numbers": numbers
        }
        reporting_round.save()
    return len(new)


@transaction.atomic
def round_remove_entry(*, entry: RoundEntry, by) -> None:
    """Take a measure out of an open round."""
    reporting_round = ReportingRound.objects.select_for_update().get(pk=entry.round_id)
    _require_open(reporting_round)
    entry.delete()
    reporting_round._history_user = by
    reporting_round._change_reason = _("Maßnahme %(number)s herausgenommen") % {
        "number": entry.number
    }
    reporting_round.save()


def _newest(reports, field: str):
    return Subquery(reports.order_by("-created_at", "-pk").values(field)[:1])


def _entries_to_freeze(reporting_round: ReportingRound):
    """The entries with their live outcome, the measure's values and the candidate reports:
    the newest Sachstand since the round opened that is more than "unverändert" (``reported``),
    the newest of any kind since then (``since``), the newest before (``before``); one query."""
    since = StatusUpdate.objects.filter(
        measure=OuterRef("measure"), created_at__gte=reporting_round.opened_at
    )
    before = StatusUpdate.objects.filter(
        measure=OuterRef("measure"), created_at__lt=reporting_round.opened_at
    )
    annotations = {}
    candidates = (("reported", since.filter(unchanged=False)), ("since", since), ("before", before))
    for name, reports in candidates:
        for field in ("pk", "reported_on", "text"):
            annotations[f"{name}_{field}"] = _newest(reports, field)
    return (
        RoundEntry.objects.filter(round=reporting_round)
        .with_outcome()
        .select_related("measure")
        .annotate(**annotations)
    )


@transaction.atomic
def round_close(*, reporting_round: ReportingRound, by) -> ReportingRound:
    """Close the round: freeze every entry (outcome, the measure's status, progress, indicator
    value and deadline, and the report it counts: the newest since the round opened (a real
    Sachstand before an "unverändert" click), else the newest before it, which keeps "letzter
    Sachstand vom …"). A constant number of queries.
    A closed round is not closed twice."""
    reporting_round = ReportingRound.objects.select_for_update().get(pk=reporting_round.pk)
    if reporting_round.is_closed:
        raise ValidationError(_("Die Berichtsrunde ist bereits abgeschlossen."))
    entries = list(_entries_to_freeze(reporting_round))
    for entry in entries:
        entry.outcome = entry.live_outcome
        measure = entry.measure
        if measure is not None:
            entry.status = measure.status
            entry.progress = measure.progress
            entry.indicator_value = measure.indicator_current
            entry.deadline = measure.deadline
        # A real Sachstand since opening counts over a later "unverändert" click.
        if entry.reported_pk is not None:
            which = "reported"
        elif entry.since_pk is not None:
            which = "since"
        else:
            which = "before"
        entry.report_id = getattr(entry, f"{which}_pk")
        entry.reported_on = getattr(entry, f"{which}_reported_on")
        entry.text = getattr(entry, f"{which}_text") or ""
    # RoundEntry keeps no history of its own: the round's history records the closing.
    RoundEntry.objects.bulk_update(entries, FROZEN_FIELDS, batch_size=500)
    reporting_round.closed_at = timezone.now()
    reporting_round.closed_by = by
    _save(reporting_round, by=by, reason=_("Berichtsrunde abgeschlossen"))
    return reporting_round
