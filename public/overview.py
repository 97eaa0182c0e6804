"""What the public transparency page shows: published facts only, nothing internal.

The measures are those of the edition in force, the one the council adopted last
(``Revision.objects.in_force()``, council's own definition, read through
``council.snapshot.measures_by_field``): all of them, also those the council adopted before
they were SMART (marked), and those deleted since (marked). Title and lead actor are the
edition's; status, progress, deadline and the date of the last status report are live
(``public.live``), with a deadline changed since adoption marked. Without an adopted edition:
the live SMART measures (drafts stay internal, but are counted).
Council papers: ``CouncilPaper.objects.public_released()``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from concept.models import ActionField
from council.models import CouncilPaper, Revision
from council.snapshot import measures_by_field
from measures.models import Measure, MeasureDocument, MeasureStatus

from . import live


@dataclass(frozen=True)
class PublicActor:
    name: str


@dataclass(frozen=True)
class PublicMeasure:
    """A measure as the page shows it: only what the public may see."""

    number: str
    title: str
    lead_actor: PublicActor | None
    deadline: datetime.date | None
    status: str
    progress: int
    pk: int | None = None  # the live measure's id (older snapshots may lack it)
    # its documents the coordination released (``attach_public_documents``)
    public_documents: tuple = ()
    # the deadline the council adopted; None without an edition (or without a deadline then)
    deadline_at_adoption: datetime.date | None = None
    in_edition: bool = False
    last_report: datetime.date | None = None
    is_smart: bool = True
    deleted: bool = False  # in the edition, but deleted since
    overdue: bool = False

    def get_status_display(self) -> str:
        try:
            return str(MeasureStatus(self.status).label)
        except ValueError:
            return self.status

    @property
    def deadline_changed(self) -> bool:
        return self.in_edition and not self.deleted and self.deadline != self.deadline_at_adoption


@dataclass(frozen=True)
class PublicField:
    pk: int
    number: int
    name: str
    short_description: str
    measures: list = field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


@dataclass
class PageFacts:
    """The page's counts, for a truthful introduction (computed, never typed in)."""

    shown: int = 0
    not_smart: int = 0
    deleted: int = 0
    overdue: int = 0
    # without an edition: drafts not shown; with one: measures created since, not adopted yet
    not_shown: int = 0
    last_report: datetime.date | None = None


def adopted_edition() -> Revision | None:
    """The edition in force (council's definition), or None before the first adoption."""
    return Revision.objects.in_force()


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _edition_measure(m: dict, now: live.LiveMeasure | None, today) -> PublicMeasure:
    lead = m.get("lead_actor")
    adopted = _date(m.get("deadline"))
    common = {
        "number": m["number"],
        "title": m["title"],
        "lead_actor": PublicActor(lead["name"]) if lead else None,
        "deadline_at_adoption": adopted,
        "in_edition": True,
    }
    if now is None:  # deleted since the adoption: what the council adopted, marked
        return PublicMeasure(
            **common,
            deadline=adopted,
            status=m.get("status", ""),
            progress=m.get("progress", 0),
            pk=None,
            is_smart=not m.get("smart_missing"),
            deleted=True,
        )
    return PublicMeasure(
        **common,
        deadline=now.deadline,
        status=now.status,
        progress=now.progress,
        pk=now.pk,
        last_report=now.last_report,
        is_smart=now.is_smart,
        overdue=now.is_overdue(today),
    )


def _live_measure(now: live.LiveMeasure, today) -> PublicMeasure:
    return PublicMeasure(
        number=now.number,
        title=now.title,
        lead_actor=PublicActor(now.lead_actor_name) if now.lead_actor_name else None,
        deadline=now.deadline,
        status=now.status,
        progress=now.progress,
        pk=now.pk,
        last_report=now.last_report,
        is_smart=now.is_smart,
        overdue=now.is_overdue(today),
    )


def _edition_fields(
    revision: Revision, rows: list[live.LiveMeasure], today
) -> tuple[list[dict], int]:
    by_pk = {row.pk: row for row in rows}
    by_number = {row.number: row for row in rows}
    fields, seen = [], set()
    for f, measures in measures_by_field(revision.snapshot or {}):
        shown = []
        for m in measures:
            # older snapshots lack the id: then the number finds the live measure
            now = by_pk.get(m["id"]) if m.get("id") is not None else by_number.get(m["number"])
            if now is not None:
                seen.add(now.pk)
            shown.append(_edition_measure(m, now, today))
        field_ = PublicField(
            pk=f["number"],
            number=f["number"],
            name=f["name"],
            short_description=f.get("short_description", ""),
        )
        fields.append({"field": field_, "measures": shown})
    not_adopted = sum(1 for row in rows if row.pk not in seen)
    return fields, not_adopted


def _live_fields(rows: list[live.LiveMeasure], today) -> tuple[list[dict], int]:
    by_field: dict[int, list] = {}
    for row in rows:
        if row.is_smart:
            by_field.setdefault(row.action_field_id, []).append(_live_measure(row, today))
    fields = [
        {"field": f, "measures": by_field.get(f.pk, [])}
        for f in ActionField.objects.only("number", "name", "short_description")
    ]
    return fields, sum(1 for row in rows if not row.is_smart)


def public_fields(edition: Revision | None = None) -> tuple[list[dict], PageFacts]:
    """Action fields with their measures (title, lead actor, deadline, status, progress, last
    report), and the page's counts.

    From ``edition`` (an adopted council edition) when given, else the live SMART measures.
    """
    today = live.today()
    rows = live.live_measures()
    if edition is not None:
        fields, not_shown = _edition_fields(edition, rows, today)
    else:
        fields, not_shown = _live_fields(rows, today)
    shown = [m for entry in fields for m in entry["measures"]]
    reports = [m.last_report for m in shown if m.last_report]
    facts = PageFacts(
        shown=len(shown),
        not_smart=sum(1 for m in shown if not m.is_smart),
        deleted=sum(1 for m in shown if m.deleted),
        overdue=sum(1 for m in shown if m.overdue),
        not_shown=not_shown,
        last_report=max(reports, default=None),
    )
    return fields, facts


def status_counts(measures) -> list[tuple[str, str, int]]:
    """[(status, label, count)] of the measures still there, in the order of the statuses."""
    counts: dict[str, int] = {}
    for m in measures:
        if not m.deleted:
            counts[m.status] = counts.get(m.status, 0) + 1
    return [(s.value, str(s.label), counts.get(s.value, 0)) for s in MeasureStatus]


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
        entry["measures"] = [
            replace(m, public_documents=tuple(documents.get(m.pk, ()))) if m.pk in documents else m
            for m in entry["measures"]
        ]
    return fields


def public_document(pk: int, edition: Revision | None = None) -> MeasureDocument | None:
    """The released document ``pk`` if the public page shows its measure, else None.

    Shown means: in ``edition`` (all its measures) when the council adopted one, else a live
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
