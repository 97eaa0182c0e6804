"""What the public transparency page shows: published facts only, nothing internal.

The measures are the live SMART measures (drafts stay internal). Council papers come from the
``council`` app when it exists: expected interface ``CouncilPaper.objects.published()``, each
paper with ``number``, ``title``, ``get_kind_display()`` and, optionally, ``public_url``.
"""

from __future__ import annotations

from django.apps import apps

from concept.models import ActionField
from measures.models import Measure


def public_fields() -> list[dict]:
    """Action fields with their SMART measures: only title, lead actor, deadline, status."""
    measures = (
        Measure.objects.smart()
        .select_related("lead_actor")
        .only(
            "number",
            "title",
            "action_field_id",
            "deadline",
            "status",
            "progress",
            "lead_actor__name",
        )
    )
    by_field: dict[int, list] = {}
    for measure in measures:
        by_field.setdefault(measure.action_field_id, []).append(measure)
    return [
        {"field": field, "measures": by_field.get(field.pk, [])}
        for field in ActionField.objects.only("number", "name", "short_description")
    ]


def published_council_papers() -> list[dict] | None:
    """None while the council app has no papers yet (another branch builds them)."""
    try:
        paper_model = apps.get_model("council", "CouncilPaper")
    except LookupError:
        return None
    published = getattr(paper_model.objects, "published", None)
    if published is None:
        return None
    papers = []
    for paper in published():
        kind = getattr(paper, "get_kind_display", None)
        papers.append(
            {
                "number": getattr(paper, "number", ""),
                "title": getattr(paper, "title", str(paper)),
                "kind": kind() if callable(kind) else "",
                "url": getattr(paper, "public_url", ""),
            }
        )
    return papers
