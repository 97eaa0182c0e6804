"""Numbers of the start page: per action field, in two queries for all fields."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Case, Count, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from concept.models import ActionField

from .models import OPEN_STATUSES, Measure, MeasureStatus

# Status colours of the chart; each has a contrast ≥ 3:1 against white (WCAG 1.4.11).
STATUS_COLOURS = {
    MeasureStatus.PLANNED: "#5a6470",
    MeasureStatus.IN_PROGRESS: "#0b6bcb",
    MeasureStatus.COMPLETED: "#1e7b34",
    MeasureStatus.DELAYED: "#b45309",
    MeasureStatus.CANCELLED: "#8b1e3f",
}
CHART_WIDTH = 300
CHART_HEIGHT = 24


@dataclass
class Segment:
    status: MeasureStatus
    count: int
    x: float
    width: float
    colour: str

    @staticmethod
    def _attr(value: float) -> str:
        return f"{value:.2f}".rstrip("0").rstrip(".")

    @property
    def x_attr(self) -> str:
        return self._attr(self.x)

    @property
    def width_attr(self) -> str:
        return self._attr(self.width)


@dataclass
class FieldStats:
    field: ActionField
    counts: list[int]  # in MeasureStatus order
    total: int
    overdue: int
    due_soon: int
    not_smart: int
    average_progress: float | None
    url: str  # the measure list filtered to this field

    @property
    def segments(self) -> list[Segment]:
        segments, x = [], 0.0
        for status, count in zip(MeasureStatus, self.counts, strict=True):
            if count:
                width = CHART_WIDTH * count / self.total
                segments.append(Segment(status, count, x, width, STATUS_COLOURS[status]))
                x += width
        return segments

    @property
    def chart_label(self) -> str:
        parts = [
            f"{status.label}: {count}"
            for status, count in zip(MeasureStatus, self.counts, strict=True)
        ]
        return f"{self.field.name} – " + ", ".join(parts)

    @property
    def chart(self) -> SafeString:
        """The status distribution as a bar of coloured segments (server-rendered SVG).

        Presentation attributes only (the CSP forbids inline styles); the same numbers stand
        in the table row next to it. Every text is escaped; the numbers are our own.
        """
        label = escape(self.chart_label)
        segments = "".join(
            f'<rect x="{s.x_attr}" y="0" width="{s.width_attr}" height="{CHART_HEIGHT}" '
            f'fill="{s.colour}"><title>{escape(s.status.label)}: {s.count}</title></rect>'
            for s in self.segments
        )
        return mark_safe(  # noqa: S308 – built from escaped texts and numbers only
            f'<svg class="field-chart" role="img" aria-label="{label}" width="{CHART_WIDTH}" '
            f'height="{CHART_HEIGHT}" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}">'
            f"<title>{label}</title>{segments}</svg>"
        )


def field_stats(today: datetime.date | None = None) -> list[FieldStats]:
    """One row per action field: counts by status, overdue, due in 30 days, not SMART."""
    today = today or timezone.localdate()
    open_q = Q(status__in=OPEN_STATUSES)
    aggregates = {f"n_{s.value}": Count("pk", filter=Q(status=s)) for s in MeasureStatus}
    rows = (
        Measure.objects.order_by()
        .values("action_field_id")
        .annotate(
            **aggregates,
            overdue=Count("pk", filter=open_q & Q(deadline__lt=today)),
            due_soon=Count(
                "pk",
                filter=open_q
                & Q(deadline__gte=today, deadline__lte=today + datetime.timedelta(days=30)),
            ),
            not_smart=Count("pk", filter=Q(is_smart_stored=False)),
            average_progress=Avg("progress"),
        )
    )
    by_field = {row["action_field_id"]: row for row in rows}
    list_url = reverse("measures:list")
    result = []
    for field in ActionField.objects.all():
        row = by_field.get(field.pk, {})
        counts = [row.get(f"n_{s.value}", 0) for s in MeasureStatus]
        result.append(
            FieldStats(
                field=field,
                counts=counts,
                total=sum(counts),
                overdue=row.get("overdue", 0),
                due_soon=row.get("due_soon", 0),
                not_smart=row.get("not_smart", 0),
                average_progress=row.get("average_progress"),
                url=f"{list_url}?action_field={field.pk}",
            )
        )
    return result


def my_measures(user):
    """Measures the user's actors lead: open ones first, each group by deadline (none last)."""
    if not user.is_authenticated or not user.is_actor_member:
        return Measure.objects.none()  # no actor of theirs can lead a measure
    closed = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
    return (
        Measure.objects.led_by_member(user)
        .with_related()
        .with_confirmed_today()
        .order_by(closed, F("deadline").asc(nulls_last=True), "number")
    )
