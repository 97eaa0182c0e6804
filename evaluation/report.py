"""The evaluation report as PDF: ``render(cycle) -> (filename, mimetype, bytes)``.

Results per action field with the same SVG charts as the HTML page, rendered through the safe
renderer of ``laatzen_integration/pdf.py`` (tagged PDF/UA-1). Meant to be an attachment
(Anlage) of a council paper.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from laatzen_integration.pdf import render_template_pdf

from .charts import fields_chart, recommendations_chart
from .models import EvaluationCycle
from .results import cycle_results

MIMETYPE = "application/pdf"


def render(cycle: EvaluationCycle) -> tuple[str, str, bytes]:
    results = cycle_results(cycle)
    context = {
        "cycle": cycle,
        "results": results,
        "fields_chart": fields_chart(results),
        "recommendations_chart": recommendations_chart(results),
        "MUNICIPALITY_NAME": settings.MUNICIPALITY_NAME,
        "CONCEPT_TITLE": settings.CONCEPT_TITLE,
        "COORDINATION_OFFICE": settings.COORDINATION_OFFICE,
        "generated_on": timezone.localdate(),
    }
    content = render_template_pdf("evaluation/report_pdf.html", context)
    return report_filename(cycle), MIMETYPE, content


def report_filename(cycle: EvaluationCycle) -> str:
    """``evaluierungsbericht-2023-2024.pdf`` for "Evaluierung 2023–2024".

    Dashes become hyphens before slugify (which drops them otherwise), and a leading
    "Evaluierung" is not repeated after "evaluierungsbericht".
    """
    title = cycle.title.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    slug = slugify(title)
    slug = slug.removeprefix("evaluierungsbericht-").removeprefix("evaluierung-")
    if slug in ("evaluierung", "evaluierungsbericht"):
        slug = ""
    return f"evaluierungsbericht-{slug or cycle.pk}.pdf"
