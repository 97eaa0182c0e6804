"""The evaluation report as PDF: ``render(cycle) -> (filename, mimetype, bytes)``.

Results per action field with the same SVG charts as the HTML page, rendered through the safe
renderer of ``core/pdf.py`` (tagged PDF/UA-1). Meant to be an attachment
(Anlage) of a council paper. Slow for big cycles (~14 s at 1,200 measures): only the task
``tasks.render_cycle_report`` calls it, never a request. A running cycle's report is a
preview, marked as such with the date and time of its data.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.text import slugify

from concept.branding import current as current_branding
from core.pdf import render_template_pdf

from .charts import fields_chart, recommendations_chart
from .models import EvaluationCycle
from .results import cycle_results

MIMETYPE = "application/pdf"


def render(
    cycle: EvaluationCycle, *, as_of: datetime.datetime | None = None
) -> tuple[str, str, bytes]:
    """``as_of``: when the data was read (default: now); printed on the report."""
    as_of = as_of or timezone.now()
    branding = current_branding(fresh=True)
    results = cycle_results(cycle)
    context = {
        "cycle": cycle,
        "results": results,
        "fields_chart": fields_chart(results),
        "recommendations_chart": recommendations_chart(results),
        **branding.as_context(),
        "COAT_OF_ARMS": branding.coat_of_arms_data_uri(),
        "generated_at": timezone.localtime(as_of),
        "preview": not cycle.is_closed,
    }
    content = render_template_pdf("evaluation/report_pdf.html", context)
    return report_filename(cycle, preview=not cycle.is_closed), MIMETYPE, content


def report_filename(cycle: EvaluationCycle, *, preview: bool = False) -> str:
    """``evaluierungsbericht-2023-2024.pdf`` for "Evaluierung 2023–2024" (``…-vorschau.pdf``
    for a preview).

    Dashes become hyphens before slugify (which drops them otherwise), and a leading
    "Evaluierung" is not repeated after "evaluierungsbericht".
    """
    title = cycle.title.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    slug = slugify(title)
    slug = slug.removeprefix("evaluierungsbericht-").removeprefix("evaluierung-")
    if slug in ("evaluierung", "evaluierungsbericht"):
        slug = ""
    suffix = "-vorschau" if preview else ""
    return f"evaluierungsbericht-{slug or cycle.pk}{suffix}.pdf"
