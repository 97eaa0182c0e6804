"""Where a cycle's report PDF stands, as the page shows it and the request service decides.

Reads only: ``report_status(cycle) -> ReportStatus``. The writes are in ``services/reports.py``.
A preview is *outdated* when an assessment of the cycle changed after its data was read
(``report_rendered_at``; the latest change is the newest history row of the cycle's
assessments, which every write path records, bulk ones included).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone

from core.ops.recovery import task_timeout

from .models import Assessment, EvaluationCycle, ReportState
from .report_job import REPORT_PDF


@dataclass(frozen=True)
class ReportStatus:
    state: str  # a ReportState value, as stored
    pending: bool  # queued or running, and its task has not ended
    ready: bool  # a stored report of the right kind (preview/final) whose file exists
    preview: bool
    rendered_at: datetime.datetime | None
    requested_at: datetime.datetime | None
    changed_at: datetime.datetime | None  # latest assessment change after a preview's data
    missing: bool  # a report is recorded, but its stored file is gone
    lost: bool  # marked queued/running, but its task ended without a result
    error: str

    @property
    def outdated(self) -> bool:
        return self.changed_at is not None

    @property
    def failed(self) -> bool:
        return self.state == ReportState.FAILED or self.lost

    @property
    def shown_state(self) -> str:
        """What the page shows (``#pdf-state``'s ``data-state``, and the JSON the page polls
        while this is queued or running): queued, running, failed, missing, none, outdated
        or done."""
        if self.pending:
            return self.state
        if self.failed:
            return "failed"
        if not self.ready:
            return "missing" if self.missing else "none"
        return "outdated" if self.outdated else "done"

    @property
    def needs_render(self) -> bool:
        """A request would queue a rendering: nothing pending, and no up-to-date report."""
        return not self.pending and (not self.ready or self.outdated)


def task_has_ended(cycle: EvaluationCycle) -> bool:
    """The task that was to render the report (queued or running) has ended without storing
    it, or is unknown to the backend (``RenderJob.task_has_ended``); where the backend cannot
    tell (no task noted yet, a render without a task, no results kept), once the task timeout
    has passed since the request."""
    ended = REPORT_PDF.task_has_ended(cycle)
    if ended is not None:
        return ended
    requested = cycle.report_requested_at
    return requested is None or requested < timezone.now() - task_timeout()


def latest_assessment_change(cycle: EvaluationCycle) -> datetime.datetime | None:
    """When an assessment of the cycle last changed (1 query)."""
    rows = Assessment.history.filter(cycle_id=cycle.pk)
    return rows.aggregate(latest=Max("history_date"))["latest"]


def report_file_exists(cycle: EvaluationCycle) -> bool:
    return bool(cycle.report_pdf) and cycle.report_pdf.storage.exists(cycle.report_pdf.name)


def report_status(cycle: EvaluationCycle) -> ReportStatus:
    """At most one query (a preview's latest change, or a pending task's result)."""
    lost = cycle.report_pending and task_has_ended(cycle)
    fits = cycle.has_fitting_report
    missing = fits and not report_file_exists(cycle)
    ready = fits and not missing
    changed_at = None
    if ready and cycle.report_is_preview:
        latest = latest_assessment_change(cycle)
        rendered = cycle.report_rendered_at
        if latest is not None and (rendered is None or latest > rendered):
            changed_at = latest
    return ReportStatus(
        state=cycle.report_state,
        pending=cycle.report_pending and not lost,
        ready=ready,
        preview=cycle.report_is_preview,
        rendered_at=cycle.report_rendered_at,
        requested_at=cycle.report_requested_at,
        changed_at=changed_at,
        missing=missing,
        lost=lost,
        error=cycle.report_error,
    )
