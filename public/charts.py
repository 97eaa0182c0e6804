"""A server-rendered SVG bar chart per action field: how many measures have which status.

As in ``evaluation.charts``: presentation attributes only (the CSP forbids inline styles),
``role="img"`` with a ``<title>`` and an ``aria-label``, and the same numbers in a table next
to it (the template). Unlike the evaluation charts, this one has only a ``viewBox``: the
stylesheet scales it to the width of the column, so it never makes a phone scroll sideways.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

BAR = "#003a70"  # municipal blue, contrast > 10:1 on white
TEXT = "#212529"
WIDTH, LABEL_WIDTH, BAR_WIDTH, ROW = 400, 135, 215, 28


def status_chart(field_name: str, counts: list[tuple[str, str, int]]) -> SafeString:
    """Horizontal bars, one per status (``overview.status_counts``), the count after each."""
    most = max((n for _s, _l, n in counts), default=0) or 1
    scale = BAR_WIDTH / most
    height = ROW * len(counts) + 4
    rows = format_html_join(
        "",
        '<text x="0" y="{ty}" font-size="16" fill="{text}">{label}</text>'
        '<rect x="{x}" y="{y}" width="{w}" height="16" fill="{bar}"></rect>'
        '<text x="{tx}" y="{ty}" font-size="16" fill="{text}">{n}</text>',
        (
            {
                "ty": i * ROW + 19,
                "y": i * ROW + 5,
                "x": LABEL_WIDTH,
                "w": f"{n * scale:.1f}",
                "tx": f"{LABEL_WIDTH + n * scale + 6:.1f}",
                "label": label,
                "n": n,
                "bar": BAR,
                "text": TEXT,
            }
            for i, (_status, label, n) in enumerate(counts)
        ),
    )
    title = _("Maßnahmen je Status im Handlungsfeld %(field)s") % {"field": field_name}
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{title}" '
        'viewBox="0 0 {w} {h}" class="public-chart" preserveAspectRatio="xMinYMin meet">'
        "<title>{title}</title>{rows}</svg>",
        title=title,
        w=WIDTH,
        h=height,
        rows=rows,
    )
