"""The report PDF of a cycle: requested here, rendered by ``tasks.render_cycle_report`` off the
request path (WeasyPrint takes ~14 s at 1,200 measures), stored with the cycle.

A running cycle gets a *preview* on request (marked as such in the PDF). Closing the cycle
queues the *final* report (:func:`cycle_report_queue_final`); once stored it is not rendered
again: the version for the council. A request while a rendering is queued or running does
nothing (double clicks, reloads), nor does one for a stored report that is up to date
(``report_status.ReportStatus.needs_render``).

Concurrency, as in ``council/services/rendering.py``: a task *claims* the cycle under a row
lock (QUEUED → RUNNING, its task id as claim token); a task that finds the report not QUEUED
does nothing. The PDF is rendered into memory and stored in the transaction that marks the
report DONE, only if the claim is still its own: closing the cycle withdraws a preview's
claim, so a preview never ends up as a closed cycle's report. A worker killed mid-render
leaves the report RUNNING until ``recover_tasks`` turns it FAILED
(:func:`cycle_report_fail_lost`). Every state change is a ``save()``: the history has it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from typing import NamedTuple

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import report
from ..models import EvaluationCycle, ReportState
from ..report_status import report_status
from .history import stamp as _stamp

logger = logging.getLogger(__name__)


class ReportRequest(NamedTuple):
    cycle: EvaluationCycle
    queued: bool  # False: one was pending already, or the stored report is up to date


@transaction.atomic
def cycle_report_request(*, cycle: EvaluationCycle, user) -> ReportRequest:
    """Queue the rendering of the cycle's report unless one is pending or it is up to date."""
    from ..tasks import render_cycle_report

    locked = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
    if not report_status(locked).needs_render:
        return ReportRequest(locked, False)
    _mark_queued(locked, user)
    locked.save()
    # The database backend stores the task in this transaction: a worker sees it after commit
    # (an RQ worker may start at once, but waits for this row's lock until we commit).
    result = render_cycle_report.enqueue(locked.pk)
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
    from ..tasks import render_cycle_report

    result = render_cycle_report.enqueue(cycle_pk)
    _note_task(cycle_pk, str(result.id))


def _note_task(cycle_pk: int, task_id: str) -> None:
    """Record the queued task's id, unless a worker has claimed the report meanwhile (an
    immediate backend has rendered it already)."""
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_pk)
        if cycle.report_state == ReportState.QUEUED and not cycle.report_task_id:
            cycle.report_task_id = task_id
            cycle.save(update_fields=["report_task_id"])


def _claim(cycle_id: int, task_id: str | None) -> str | None:
    """QUEUED → RUNNING under a row lock; the claim token, or None when it is not ours."""
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.report_state != ReportState.QUEUED:
            logger.info(
                "Report of cycle %s is not queued (%s); skipped", cycle_id, cycle.report_state
            )
            return None
        cycle.report_state = ReportState.RUNNING
        cycle.report_task_id = task_id or f"local-{uuid.uuid4().hex}"
        cycle.save()
        return cycle.report_task_id


def cycle_report_render(*, cycle_id: int, task_id: str | None = None) -> EvaluationCycle | None:
    """Render the queued report and store it; None when this call did not render or its
    result was dropped. A failed render marks the report FAILED and raises."""
    token = _claim(cycle_id, task_id)
    if token is None:
        return None
    cycle = EvaluationCycle.objects.select_related("matrix").get(pk=cycle_id)
    preview = not cycle.is_closed
    as_of = timezone.now()  # before the data is read: a change after it makes it outdated
    try:
        filename, _mimetype, data = report.render(cycle, as_of=as_of)
    except Exception as error:
        logger.exception("Rendering the report of cycle %s failed", cycle_id)
        with transaction.atomic():
            cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_id)
            if cycle.report_task_id == token:
                cycle.report_state = ReportState.FAILED
                cycle.report_error = f"{type(error).__name__}: {error}"[:2000]
                cycle.save()
        raise
    with transaction.atomic():
        cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle_id)
        if cycle.report_task_id != token or (preview and cycle.is_closed):
            # Closed meanwhile (the final report is queued), or declared lost and requested
            # anew: that rendering wins.
            logger.warning("Report of cycle %s was taken over; result dropped", cycle_id)
            return None
        old_name = cycle.report_pdf.name if cycle.report_pdf else ""
        cycle.report_pdf.save(filename, ContentFile(data), save=False)
        cycle.report_is_preview = preview
        cycle.report_rendered_at = as_of
        cycle.report_state = ReportState.DONE
        cycle.report_error = ""
        cycle.save()
        if old_name and old_name != cycle.report_pdf.name:
            storage = cycle.report_pdf.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return cycle


def _render_is_lost(cycle: EvaluationCycle, cutoff) -> bool:
    """The task that claimed the report has ended or is unknown, or a render without a task
    has been running since before ``cutoff``."""
    from ..tasks import render_cycle_report

    if not cycle.report_task_id.startswith("local-"):
        try:
            result = render_cycle_report.get_result(cycle.report_task_id)
        except TaskResultDoesNotExist:
            return True
        except NotImplementedError:
            result = None
        if result is not None:
            return result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
    claim = cycle.history.filter(report_state=ReportState.RUNNING).order_by("-history_date")
    claim = claim.first()
    return claim is None or claim.history_date < cutoff


def cycle_report_fail_lost(*, older_than: timedelta) -> int:
    """Mark reports FAILED whose rendering was lost with its worker; return how many.

    Called by ``recover_tasks`` (signal ``lost_tasks_recovered``) after it failed the tasks.
    """
    cutoff = timezone.now() - older_than
    failed = 0
    running = EvaluationCycle.objects.filter(report_state=ReportState.RUNNING)
    for pk in running.values_list("pk", flat=True):
        with transaction.atomic():
            cycle = running.select_for_update(skip_locked=True).filter(pk=pk).first()
            if cycle is None or not _render_is_lost(cycle, cutoff):
                continue
            cycle.report_state = ReportState.FAILED
            cycle.report_error = _(
                "Der Hintergrunddienst wurde beim Erstellen beendet; bitte den Bericht erneut "
                "erstellen."
            )
            cycle.save()
            failed += 1
    return failed
