"""Server-rendered SVG charts of the results (the same markup goes into the PDF).

Only presentation attributes (``fill``, ``width`` …), never ``style``: the CSP forbids inline
styles. A chart keeps its natural size (``width``/``height`` in pixels) so its labels stay
readable on a phone; the page puts it into a scrollable region, the PDF's stylesheet scales it
to the page width. Every chart has ``role="img"``, a ``<title>`` and an ``aria-label``; the
same numbers are always shown in a table next to it.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core import formatting

from .results import CycleResults

CURRENT = "#003a70"  # municipal blue, contrast > 10:1 on white
PREVIOUS = "#6c757d"  # grey, contrast 4.7:1
AXIS = "#495057"
WIDTH, LABEL_WIDTH, BAR_WIDTH = 720, 260, 380


def _svg(title: str, height: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" class="evaluation-chart" '
        'preserveAspectRatio="xMinYMin meet"><title>{title}</title>{body}</svg>',
        title=title,
        w=WIDTH,
        h=height,
        body=body,
    )


def _bar(y: int, height: int, value: Decimal | None, scale: float, fill: str) -> SafeString:
    if value is None:
        return mark_safe("")  # noqa: S308 – empty string
    width = max(float(value) * scale, 1.0)
    return format_html(
        '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"></rect>',
        x=LABEL_WIDTH,
        y=y,
        w=f"{width:.1f}",
        h=height,
        fill=fill,
    )


def fields_chart(results: CycleResults) -> SafeString:
    """Average points per action field, with the previous cycle as a thinner grey bar."""
    row, top = 40, 48
    height = top + row * len(results.fields) + 10
    scale = BAR_WIDTH / 100
    parts = [
        format_html(
            '<rect x="{x}" y="4" width="14" height="12" fill="{cur}"></rect>'
            '<text x="{xt}" y="15" font-size="12" fill="#212529">{this}</text>'
            "{legend_previous}"
            '<text x="{x}" y="36" font-size="12" fill="{c}">0</text>'
            '<text x="{xe}" y="36" font-size="12" fill="{c}" text-anchor="end">100 {p}</text>'
            '<line x1="{x}" y1="{t}" x2="{x}" y2="{b}" stroke="{c}" stroke-width="1"></line>',
            x=LABEL_WIDTH,
            xt=LABEL_WIDTH + 20,
            xe=LABEL_WIDTH + BAR_WIDTH,
            cur=CURRENT,
            this=_("dieser Zyklus"),
            legend_previous=format_html(
                '<rect x="{x}" y="8" width="14" height="6" fill="{prev}"></rect>'
                '<text x="{xt}" y="15" font-size="12" fill="#212529">{before}</text>',
                x=LABEL_WIDTH + 140,
                xt=LABEL_WIDTH + 160,
                prev=PREVIOUS,
                before=_("Vorzyklus"),
            )
            if results.previous_title
            else "",
            c=AXIS,
            t=top - 4,
            b=height - 6,
            p=_("Punkte"),
        )
    ]
    for i, f in enumerate(results.fields):
        y = top + i * row
        parts.append(
            format_html(
                '<text x="0" y="{ty}" font-size="13" fill="#212529">{n}. {name}</text>',
                ty=y + 15,
                n=f.number,
                name=f.name,
            )
        )
        parts.append(_bar(y + 2, 18, f.average, scale, CURRENT))
        parts.append(_bar(y + 22, 8, f.previous_average, scale, PREVIOUS))
        end = LABEL_WIDTH + (float(f.average) * scale if f.average is not None else 0) + 6
        parts.append(
            format_html(
                '<text x="{x}" y="{ty}" font-size="13" fill="#212529">{v}</text>',
                x=f"{end:.1f}",
                ty=y + 16,
                v=formatting.points(f.average) if f.average is not None else _("keine Wertung"),
            )
        )
    title = _("Durchschnittliche Punkte je Handlungsfeld (blau), Vorzyklus (grau)")
    return _svg(title, height, mark_safe("".join(parts)))  # noqa: S308 – parts are escaped


def recommendations_chart(results: CycleResults) -> SafeString:
    """Number of final assessments per recommendation."""
    row, top = 30, 8
    counts = results.recommendations
    height = top + row * len(counts) + 6
    most = max((c.count for c in counts), default=0) or 1
    scale = BAR_WIDTH / most
    parts = format_html_join(
        "",
        '<text x="0" y="{}" font-size="13" fill="#212529">{}</text>{}'
        '<text x="{}" y="{}" font-size="13" fill="#212529">{}</text>',
        (
            (
                top + i * row + 15,
                c.label,
                _bar(top + i * row + 2, 18, Decimal(c.count), scale, CURRENT) if c.count else "",
                f"{LABEL_WIDTH + c.count * scale + 6:.1f}",
                top + i * row + 16,
                c.count,
            )
            for i, c in enumerate(counts)
        ),
    )
    return _svg(_("Verteilung der Empfehlungen"), height, parts)
