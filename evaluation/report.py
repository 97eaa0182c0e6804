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
    filename = f"evaluierungsbericht-{slugify(cycle.title) or cycle.pk}.pdf"
    return filename, MIMETYPE, content
