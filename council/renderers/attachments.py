"""What a paper's attachments (Anlagen) show, shared by the PDF and the detail page."""

from __future__ import annotations

from ..diff import diff_documents
from ..snapshot import measures_by_field


def revision_tables(revision) -> list[tuple[dict, list[dict]]]:
    """[(action field, measures)] of a frozen revision."""
    if revision is None or not revision.snapshot:
        return []
    return measures_by_field(revision.snapshot)


def revision_diff(revision):
    """(previous revision, diff) or (None, None) when there is nothing to compare with."""
    if revision is None or not revision.snapshot:
        return None, None
    previous = revision.previous_frozen()
    if previous is None:
        return None, None
    return previous, diff_documents(previous.snapshot, revision.snapshot)


def evaluation_table(revision) -> dict | None:
    """The evaluation report frozen into the revision: {"title", "columns", "rows"}."""
    if revision is None or not revision.snapshot:
        return None
    report = revision.snapshot.get("evaluation")
    if not isinstance(report, dict) or not report.get("columns"):
        return None
    return report


def attachment_context(paper) -> dict:
    revision = paper.revision
    previous, diff = revision_diff(revision) if paper.attach_diff else (None, None)
    return {
        "revision": revision,
        "revision_tables": revision_tables(revision),
        "previous_revision": previous,
        "diff": diff,
        "evaluation": evaluation_table(revision) if paper.attach_evaluation else None,
    }
