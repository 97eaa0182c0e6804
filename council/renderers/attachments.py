"""What a paper's attachments (Anlagen) show, shared by the PDF and the detail page."""

from __future__ import annotations

from django.utils import timezone

from ..diff import diff_documents
from ..snapshot import CYCLE_OPEN, build_snapshot, measures_by_field


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
    """The evaluation report frozen into the revision: {"title", "columns", "rows"}, and
    "preliminary" when the cycle was still running at the freeze."""
    if revision is None or not revision.snapshot:
        return None
    report = revision.snapshot.get("evaluation")
    if not isinstance(report, dict) or not report.get("columns"):
        return None
    # a copy: the snapshot itself never changes
    return {**report, "preliminary": report.get("cycle_state") == CYCLE_OPEN}


def live_diff():
    """(latest frozen revision, diff to today's data) or (None, None)."""
    from ..models import Revision

    latest = Revision.objects.latest_frozen()
    if latest is None:
        return None, None
    return latest, diff_documents(latest.snapshot, build_snapshot())


def attachment_context(paper, *, include_live: bool = True) -> dict:
    """What the paper's attachments show; the live diff is computed only when asked for."""
    revision = paper.revision
    previous, diff = revision_diff(revision) if paper.attach_diff else (None, None)
    live_base, live = live_diff() if paper.attach_live_diff and include_live else (None, None)
    return {
        "live_base": live_base,
        "live_diff": live,
        "today": timezone.localdate(),
        "revision": revision,
        "revision_tables": revision_tables(revision),
        "previous_revision": previous,
        "diff": diff,
        "evaluation": evaluation_table(revision) if paper.attach_evaluation else None,
    }
