"""The live state of the measures the public page lists: read in one query for all of them.

The adopted edition fixes *which* measures the page lists and what the council decided about
them (title, lead actor, deadline at adoption); status, progress, deadline and the date of the
last status report (Sachstand) are today's, from the live ``Measure`` rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from measures.models import OPEN_STATUSES, Measure, StatusUpdate


@dataclass(frozen=True)
class LiveMeasure:
    pk: int
    number: str
    title: str
    action_field_id: int
    lead_actor_name: str | None
    deadline: datetime.date | None
    status: str
    progress: int
    is_smart: bool
    last_report: datetime.date | None

    def is_overdue(self, today: datetime.date) -> bool:
        return self.deadline is not None and self.status in OPEN_STATUSES and self.deadline < today


def live_measures() -> list[LiveMeasure]:
    """Every measure with its current state and the date of its last status report (one
    query: the last report date is a subquery, not a query per row)."""
    last_report = (
        StatusUpdate.objects.filter(measure=OuterRef("pk"))
        .order_by("-reported_on")
        .values("reported_on")[:1]
    )
    rows = Measure.objects.annotate(last_report=Subquery(last_report)).values_list(
        "pk",
        "number",
        "title",
        "action_field_id",
        "lead_actor__name",
        "deadline",
        "status",
        "progress",
        "is_smart_stored",
        "last_report",
    )
    return [LiveMeasure(*row) for row in rows]


def today() -> datetime.date:
    return timezone.localdate()
