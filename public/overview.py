"""What the public transparency page shows: published facts only, nothing internal.

The measures are those of the edition in force, the one the council adopted last
(``Revision.objects.in_force()``, council's own definition, read through
``council.snapshot.measures_by_field``); without an adopted edition, the live SMART
measures (drafts stay internal). Council papers: ``CouncilPaper.objects.public_released()``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from concept.models import ActionField
from council.models import CouncilPaper, Revision
from council.snapshot import measures_by_field
from measures.models import Measure, MeasureDocument, MeasureStatus


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
    pk: int | None = None  # the live measure's id (older snapshots may lack it)
    # its documents the coordination released (``attach_public_documents``)
    public_documents: tuple = ()

    def get_status_display(self) -> str:
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


def adopted_edition() -> Revision | None:
    """The edition in force (council's definition), or None before the first adoption."""
    return Revision.objects.in_force()


def _public_measure(m: dict) -> PublicMeasure:
    lead = m.get("lead_actor")
    deadline = m.get("deadline")
    return PublicMeasure(
        number=m["number"],
        title=m["title"],
        lead_actor=PublicActor(lead["name"]) if lead else None,
        deadline=datetime.date.fromisoformat(deadline) if deadline else None,
        status=m.get("status", ""),
        progress=m.get("progress", 0),
        pk=m.get("id"),
    )


def _edition_fields(revision: Revision) -> list[dict]:
    return [
        {
            "field": PublicField(
                pk=f["number"],
                number=f["number"],
                name=f["name"],
                short_description=f.get("short_description", ""),
            ),
            # drafts stay internal, as on the live page
            "measures": [_public_measure(m) for m in measures if not m.get("smart_missing")],
        }
        for f, measures in measures_by_field(revision.snapshot or {})
    ]


def public_fields(edition: Revision | None = None) -> list[dict]:
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


def attach_public_documents(fields: list[dict]) -> list[dict]:
    """Give every measure on the page its released documents (``public_documents``): one
    query for all of them, however many measures the page shows."""
    measure_ids = [m.pk for entry in fields for m in entry["measures"] if m.pk is not None]
    documents: dict[int, list] = {}
    released = (
        MeasureDocument.objects.public()
        .filter(measure_id__in=measure_ids)
        .only("pk", "measure_id", "filename", "content_type", "size", "uploaded_at")
        .order_by("measure_id", "filename", "pk")
    )
    for document in released:
        documents.setdefault(document.measure_id, []).append(document)
    for entry in fields:
        measures = []
        for measure in entry["measures"]:
            found = tuple(documents.get(measure.pk, ()))
            if isinstance(measure, PublicMeasure):
                measure = replace(measure, public_documents=found)
            else:
                measure.public_documents = found
            measures.append(measure)
        entry["measures"] = measures
    return fields


def public_document(pk: int, edition: Revision | None = None) -> MeasureDocument | None:
    """The released document ``pk`` if the public page shows its measure, else None.

    Shown means: in ``edition`` (drafts excluded) when the council adopted one, else a live
    SMART measure; the same rule as ``public_fields``. The release is the live one: a document
    the coordination withdraws leaves the page at once, whatever the edition recorded."""
    document = MeasureDocument.objects.public().filter(pk=pk).first()
    if document is None:
        return None
    if edition is not None:
        shown = {
            m.get("id")
            for _field, measures in measures_by_field(edition.snapshot or {})
            for m in measures
            if not m.get("smart_missing")
        }
        return document if document.measure_id in shown else None
    return document if Measure.objects.smart().filter(pk=document.measure_id).exists() else None


def published_council_papers() -> list[dict]:
    """The council papers the public may read: public and submitted or decided.

    A public paper with a rendered PDF links to its OParl download, which needs no login.
    """
    papers = CouncilPaper.objects.public_released().only(
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
