"""What the public transparency page shows: published facts only, nothing internal.

The measures are those of the latest edition the council adopted (``council.Revision``, read
lazily so this layer does not depend on council); without an adopted edition, the live SMART
measures (drafts stay internal). Council papers come from the ``council`` app, read lazily as
well: ``CouncilPaper.objects.public_released()``, each paper with ``number``, ``title``,
``get_kind_display()``, ``date`` and ``public_pdf_url``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.apps import apps

from concept.models import ActionField
from measures.models import Measure


@dataclass(frozen=True)
class PublicActor:
    name: str


@dataclass(frozen=True)
class PublicMeasure:
    """A measure as the adopted edition froze it: only what the public may see."""

    number: str
    title: str
    lead_actor: PublicActor | None
    deadline: datetime.date | None
    status: str
    progress: int

    def get_status_display(self) -> str:
        from measures.models import MeasureStatus

        try:
            return str(MeasureStatus(self.status).label)
        except ValueError:
            return self.status


@dataclass(frozen=True)
class PublicField:
    pk: int
    number: int
    name: str
    short_description: str
    measures: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


def adopted_edition():
    """The latest edition the council adopted, or None (or no council app)."""
    try:
        revision_model = apps.get_model("council", "Revision")
    except LookupError:
        return None
    return revision_model.objects.filter(state="adopted").order_by("-decided_on", "-number").first()


def _edition_fields(revision) -> list[dict]:
    document = revision.snapshot or {}
    by_field: dict[int, list[PublicMeasure]] = {}
    for m in document.get("measures", []):
        if m.get("smart_missing"):
            continue  # drafts stay internal, as on the live page
        lead = m.get("lead_actor")
        deadline = m.get("deadline")
        by_field.setdefault(m["action_field"], []).append(
            PublicMeasure(
                number=m["number"],
                title=m["title"],
                lead_actor=PublicActor(lead["name"]) if lead else None,
                deadline=datetime.date.fromisoformat(deadline) if deadline else None,
                status=m.get("status", ""),
                progress=m.get("progress", 0),
            )
        )
    return [
        {
            "field": PublicField(
                pk=f["number"],
                number=f["number"],
                name=f["name"],
                short_description=f.get("short_description", ""),
            ),
            "measures": by_field.get(f["number"], []),
        }
        for f in document.get("action_fields", [])
    ]


def public_fields(edition=None) -> list[dict]:
    """Action fields with their measures: only title, lead actor, deadline, status, progress.

    From ``edition`` (an adopted council edition) when given, else the live SMART measures.
    """
    if edition is not None:
        return _edition_fields(edition)
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
    """The council papers the public may read: public and submitted or decided.

    ``None`` only when the council app is not installed (this layer does not import it).
    A public paper with a rendered PDF links to its OParl download, which needs no login.
    """
    if not apps.is_installed("council"):
        return None
    paper_model = apps.get_model("council", "CouncilPaper")
    papers = paper_model.objects.public_released().only(
        "number", "title", "kind", "date", "is_public", "status", "pdf_file", "pdf_state"
    )
    return [
        {
            "number": paper.number,
            "title": paper.title,
            "kind": paper.get_kind_display(),
            "date": paper.date,
            "pdf_url": paper.public_pdf_url,
        }
        for paper in papers
    ]
