"""The report PDF of a cycle: requested here, rendered by ``tasks.render_cycle_report`` off the
request path (WeasyPrint takes ~14 s at 1,200 measures), stored with the cycle.

A running cycle gets a *preview* on request (marked as such in the PDF). Closing the cycle
queues the *final* report (:func:`cycle_report_queue_final`); once stored it is not rendered
again: the version for the council. A request while a rendering is queued or running does
nothing (double clicks, reloads), nor does one for a stored report that is up to date
(``report_status.ReportStatus.needs_render``).

Concurrency follows ``core/render_jobs.py`` with the job
``report_job.REPORT_PDF`` (claim QUEUED → RUNNING under a row lock, store only while the claim
holds, ``recover_tasks`` fails a rendering lost with its worker: :func:`cycle_report_fail_lost`).
Here also: closing the cycle withdraws a preview's claim, and a preview is never stored for a
closed cycle, so it never ends up as a closed cycle's report.
"""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from .. import report
from ..models import EvaluationCycle, ReportState
from ..report_job import REPORT_PDF
from ..report_status import report_status
from .history import stamp as _stamp


class ReportRequest(NamedTuple):
    cycle: EvaluationCycle
    queued: bool  # False: one was pending already, or the stored report is up to date


@transaction.atomic
def cycle_report_request(*, cycle: EvaluationCycle, user) -> ReportRequest:
    """Queue the rendering of the cycle's report unless one is pending or it is up to date."""
    locked = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
    if not report_status(locked).needs_render:
        return ReportRequest(locked, False)
    _mark_queued(locked, user)
    locked.save()
    # The database backend stores the task in this transaction: a worker sees it after commit
    # (an RQ worker may start at once, but waits for this row's lock until we commit).
    result = REPORT_PDF.enqueue(locked.pk)  # tasks.render_cycle_report
    _note_task(locked.pk, str(result.id))
    locked.refresh_from_db()
    return ReportRequest(locked, True)


def cycle_report_queue_final(*, cycle: EvaluationCycle, user) -> None:
    """Part of closing the (locked) cycle, before it is saved: the final report is queued and
    its task enqueued once the close is committed. A preview being rendered loses its claim."""
    _mark_queued(cycle, user)
    pk = cycle.pk
    transaction.on_commit(lambda: _enqueue(pk))


def _mark_queued(cycle: EvaluationCycle, user) -> None:
    cycle.report_state = ReportState.QUEUED
    cycle.report_task_id = ""
    cycle.report_error = ""
    cycle.report_requested_at = timezone.now()
    _stamp(cycle, user)


def _enqueue(cycle_pk: int) -> None:
    result = REPORT_PDF.enqueue(cycle_pk)  # tasks.render_cycle_report
    _note_task(cycle_pk, str(result.id))


def _note_task(cycle_pk: int, task_id: str) -> None:
    """Record the queued task's id, unless a worker has claimed the report meanwhile (an
    immediate backend has rendered it already)."""
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_pk)
        if cycle.report_state == ReportState.QUEUED and not cycle.report_task_id:
            cycle.report_task_id = task_id
            cycle.save(update_fields=["report_task_id"])


def cycle_report_render(*, cycle_id: int, task_id: str | None = None) -> EvaluationCycle | None:
    """Render the queued report and store it; None when this call did not render or its
    result was dropped. A failed render marks the report FAILED and raises."""
    claim = REPORT_PDF.claim(cycle_id, task_id)
    if claim is None:
        return None
    cycle = EvaluationCycle.objects.select_related("matrix").get(pk=cycle_id)
    preview = not cycle.is_closed
    as_of = timezone.now()  # before the data is read: a change after it makes it outdated
    with REPORT_PDF.failing(claim):
        filename, _mimetype, data = report.render(cycle, as_of=as_of)

    def mark(stored: EvaluationCycle) -> None:
        stored.report_is_preview = preview
        stored.report_rendered_at = as_of

    # Closed meanwhile (the final report is queued): a preview is dropped.
    return REPORT_PDF.store(
        claim, filename, data, update=mark, keep=lambda stored: not (preview and stored.is_closed)
    )


def cycle_report_fail_lost(*, older_than: timedelta) -> int:
    """Mark reports FAILED whose rendering was lost with its worker; return how many.

    Called by ``recover_tasks`` (signal ``lost_tasks_recovered``) after it failed the tasks.
    """
    return REPORT_PDF.fail_lost(older_than=older_than)
