"""Which measures an evaluation cycle covers.

A measure *existed in the period* ``[start, end]`` when it had begun by the end of the period
and had not ended before the period began:

- it began on the earlier of its planned start (``start_date``) and the day it was entered
  (``created_at``), so measures entered afterwards with their real start date still count;
- it ended only if its status now is "abgeschlossen" or "abgebrochen", on the day it got that
  status (from the measure's history: the first record of the last unbroken run of finished
  records). A measure that was entered already finished has no such day in the history; its
  ``deadline`` stands in for it (or the day it was entered, without a deadline).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from measures.models import Measure, MeasureStatus

FINISHED = (MeasureStatus.COMPLETED, MeasureStatus.CANCELLED)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()


def began_on(measure: Measure) -> datetime.date:
    entered = _local_date(measure.created_at)
    return min(entered, measure.start_date) if measure.start_date else entered


def finished_on(finished: list[Measure]) -> dict[int, datetime.date]:
    """{measure id: day it got its final status} for finished measures, in one query."""
    ids = [m.pk for m in finished]
    records: dict[int, list[tuple[datetime.datetime, str]]] = {}
    rows = (
        Measure.history.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "status")
    )
    for pk, when, status in rows:
        records.setdefault(pk, []).append((when, status))
    result = {}
    for measure in finished:
        history = records.get(measure.pk, [])
        first_final = len(history)
        while first_final > 0 and history[first_final - 1][1] in FINISHED:
            first_final -= 1
        if first_final >= len(history) or first_final == 0:
            # no history, or entered already finished: the deadline stands in
            fallback = measure.deadline or _local_date(measure.created_at)
            result[measure.pk] = fallback
        else:
            result[measure.pk] = _local_date(history[first_final][0])
    return result


def measures_in_period(start: datetime.date, end: datetime.date) -> list[Measure]:
    """Measures that existed at some day of ``[start, end]``, in the measures' order."""
    candidates = [m for m in Measure.objects.with_related() if began_on(m) <= end]
    ended = finished_on([m for m in candidates if m.status in FINISHED])
    return [m for m in candidates if m.pk not in ended or ended[m.pk] >= start]
