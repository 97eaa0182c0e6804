"""Server-rendered SVG of an indicator over time: its values, the expected path (baseline,
milestones, target) and the target. The same markup serves the page and the PDFs.

Presentation attributes only (the CSP forbids inline styles); ``role="img"``, a ``<title>`` and
an ``aria-label``; the page shows the same numbers in a table beside it.
"""

from __future__ import annotations

import datetime

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formatting

VALUES = "#003a70"  # municipal blue, contrast > 10:1 on white
PLAN = "#6c757d"  # grey, 4.7:1
AXIS = "#495057"
WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 90, 20, 20, 50


def plan_points(measure, milestones) -> list[tuple[datetime.date, float]]:
    """The expected path: baseline, milestones, target (only what is defined)."""
    start = measure.indicator_baseline_on or measure.start_date
    points = []
    if start and measure.indicator_baseline is not None:
        points.append((start, float(measure.indicator_baseline)))
    points += [(m.due_on, float(m.value)) for m in milestones]
    if measure.deadline and measure.indicator_target is not None:
        points.append((measure.deadline, float(measure.indicator_target)))
    return sorted(points)


def indicator_chart(measure, measurements, milestones) -> SafeString:
    """The chart, or an empty string when there is nothing to draw."""
    values = sorted((m.measured_on, float(m.value)) for m in measurements)
    plan = plan_points(measure, milestones)
    if not values and len(plan) < 2:
        return mark_safe("")  # noqa: S308 – empty
    everything = values + plan
    first = min(day for day, _v in everything)
    last = max(day for day, _v in everything)
    span_days = max((last - first).days, 1)
    low = min(0.0, *(v for _d, v in everything))
    high = max(v for _d, v in everything) or 1.0
    if high == low:
        high = low + 1.0
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day):
        return LEFT + inner_w * (day - first).days / span_days

    def y(value):
        return TOP + inner_h * (1 - (value - low) / (high - low))

    def polyline(points, colour, dash=""):
        if len(points) < 2:
            return mark_safe("")  # noqa: S308 – empty
        return format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"{}></polyline>',
            " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points),
            colour,
            mark_safe(f' stroke-dasharray="{dash}"') if dash else "",  # noqa: S308 – constant
        )

    def label(value):
        return formatting.measured(value, measure.indicator_kind)

    axis = format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{c}"></line>'
        '<line x1="{l}" y1="{t}" x2="{l}" y2="{b}" stroke="{c}"></line>'
        '<text x="{lx}" y="{ty}" text-anchor="end" font-size="12" fill="{c}">{hi}</text>'
        '<text x="{lx}" y="{by}" text-anchor="end" font-size="12" fill="{c}">{lo}</text>'
        '<text x="{l}" y="{dy}" font-size="12" fill="{c}">{d0}</text>'
        '<text x="{r}" y="{dy}" text-anchor="end" font-size="12" fill="{c}">{d1}</text>',
        l=LEFT,
        r=WIDTH - RIGHT,
        t=TOP,
        b=TOP + inner_h,
        c=AXIS,
        lx=LEFT - 6,
        ty=TOP + 4,
        by=TOP + inner_h + 4,
        hi=label(high),
        lo=label(low),
        dy=TOP + inner_h + 18,
        d0=formatting.date(first),
        d1=formatting.date(last),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}: {}</title></circle>',
        ((f"{x(d):.1f}", f"{y(v):.1f}", VALUES, formatting.date(d), label(v)) for d, v in values),
    )
    legend = format_html(
        '<line x1="{x0}" y1="{ly}" x2="{x1}" y2="{ly}" stroke="{v}" stroke-width="2"></line>'
        '<text x="{tx}" y="{ty}" font-size="12" fill="{a}">{values}</text>'
        '<line x1="{x2}" y1="{ly}" x2="{x3}" y2="{ly}" stroke="{p}" stroke-width="2" '
        'stroke-dasharray="6 4"></line>'
        '<text x="{tx2}" y="{ty}" font-size="12" fill="{a}">{plan}</text>',
        x0=LEFT,
        x1=LEFT + 24,
        x2=LEFT + 180,
        x3=LEFT + 204,
        ly=HEIGHT - 12,
        ty=HEIGHT - 8,
        tx=LEFT + 30,
        tx2=LEFT + 210,
        v=VALUES,
        p=PLAN,
        a=AXIS,
        values=_("Messwerte"),
        plan=_("erwarteter Verlauf bis zum Ziel"),
    )
    title = _("Verlauf des Indikators „%(name)s“") % {"name": measure.indicator or "–"}
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="indicator-chart" '
        'preserveAspectRatio="xMinYMin meet"><title>{title}</title>{axis}{plan}{line}{dots}'
        "{legend}</svg>",
        title=title,
        w=WIDTH,
        h=HEIGHT,
        axis=axis,
        plan=polyline(plan, PLAN, "6 4"),
        line=polyline(values, VALUES),
        dots=dots,
        legend=legend,
    )
