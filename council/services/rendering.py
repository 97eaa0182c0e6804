"""Rendering a paper's PDF off the request path and storing it with its checksums.

Concurrency (several workers on several hosts): a render first *claims* the paper in a short
transaction that locks its row (``select_for_update``) and moves it to RUNNING, writing a
claim token into ``pdf_task_id``; a task that finds the paper RUNNING, or finds that its
request was already served, does nothing. The PDF is rendered into memory and only then
stored, and the row points to the new file in the same transaction that marks it DONE: a
worker killed mid-render leaves the old file and the paper RUNNING, which
``recover_tasks`` turns into FAILED (:func:`paper_fail_lost_renderings`). Every state
change is a ``save()`` of one row, so the history records each claim and each result.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import CouncilPaper, PdfState
from ..renderers import paper as paper_renderer
from .revisions import RefusedError

logger = logging.getLogger(__name__)


def _refuse_if_frozen(paper: CouncilPaper) -> None:
    if paper.is_decided and paper.pdf_file:
        raise RefusedError(
            _(
                "Das PDF einer abgeschlossenen Drucksache ist eingefroren "
                "und wird nicht neu erzeugt."
            )
        )


@transaction.atomic
def paper_request_rendering(*, paper: CouncilPaper, user) -> CouncilPaper:
    """Queue the rendering task; the page shows the state until the worker is done.

    While a worker renders the paper, nothing more is queued: that render is the answer.
    """
    from ..tasks import render_paper_pdf

    stored = CouncilPaper.objects.select_for_update().get(pk=paper.pk)
    _refuse_if_frozen(stored)
    if stored.pdf_state == PdfState.RUNNING:
        return stored
    stored.pdf_state = PdfState.QUEUED
    stored.pdf_error = ""
    stored.save()
    # The database backend stores the task in this transaction: a worker sees it after commit.
    # An RQ worker may start at once, but waits for this row's lock until we commit.
    result = render_paper_pdf.enqueue(stored.pk)
    # An immediate backend has already run the task: reload before noting the task id.
    stored.refresh_from_db()
    stored.pdf_task_id = str(result.id)
    stored.save(update_fields=["pdf_task_id"])
    return stored


def _claim(paper_id: int, task_id: str | None) -> tuple[CouncilPaper, str] | None:
    """Move the paper to RUNNING under a row lock; None when it is not ours to render."""
    with transaction.atomic():
        paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
        _refuse_if_frozen(paper)
        if paper.pdf_state == PdfState.RUNNING:
            logger.info("Paper %s is being rendered by another worker; skipped", paper.number)
            return None
        if task_id is not None and paper.pdf_state != PdfState.QUEUED:
            logger.info("Rendering of paper %s was requested once and is served", paper.number)
            return None
        token = task_id or f"local-{uuid.uuid4().hex}"
        paper.pdf_state = PdfState.RUNNING
        paper.pdf_task_id = token
        paper.save()
    return paper, token


def paper_render_and_store(*, paper_id: int, task_id: str | None = None) -> CouncilPaper | None:
    """Render the PDF and store it with SHA-256/512; marks the paper running/done/failed.

    ``task_id`` (from the render task) renders only a QUEUED paper: a second delivery of the
    same request does nothing. Returns None when this call did not render.
    """
    claimed = _claim(paper_id, task_id)
    if claimed is None:
        return None
    paper, token = claimed
    try:
        filename, _mimetype, data = paper_renderer.render(paper)
    except Exception as error:
        logger.exception("Rendering paper %s failed", paper.number)
        with transaction.atomic():
            paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
            if paper.pdf_task_id == token:
                paper.pdf_state = PdfState.FAILED
                paper.pdf_error = f"{type(error).__name__}: {error}"[:2000]
                paper.save()
        raise
    with transaction.atomic():
        paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
        _refuse_if_frozen(paper)
        if paper.pdf_task_id != token:
            # Declared lost by recover_tasks and requested anew meanwhile: that render wins.
            logger.warning("Rendering of paper %s was taken over; result dropped", paper.number)
            return None
        old_name = paper.pdf_file.name if paper.pdf_file else ""
        paper.pdf_file.save(filename, ContentFile(data), save=False)
        paper.pdf_sha256 = hashlib.sha256(data).hexdigest()
        paper.pdf_sha512 = hashlib.sha512(data).hexdigest()
        paper.pdf_size = len(data)
        paper.pdf_rendered_at = timezone.now()
        paper.pdf_state = PdfState.DONE
        paper.pdf_error = ""
        paper.save()
        if old_name and old_name != paper.pdf_file.name:
            storage, name = paper.pdf_file.storage, old_name
            transaction.on_commit(lambda: storage.delete(name))
    return paper


def _render_is_lost(paper: CouncilPaper, cutoff) -> bool:
    """The task that claimed ``paper`` has ended (failed, e.g. marked so by recover_tasks)
    or is unknown, or a render without a task has been running since before ``cutoff``."""
    from ..tasks import render_paper_pdf

    if not paper.pdf_task_id.startswith("local-"):
        try:
            result = render_paper_pdf.get_result(paper.pdf_task_id)
        except (TaskResultDoesNotExist, NotImplementedError):
            result = None
        if result is not None:
            return result.status in (TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL)
    claim = paper.history.filter(pdf_state=PdfState.RUNNING).order_by("-history_date").first()
    return claim is None or claim.history_date < cutoff


def paper_fail_lost_renderings(*, older_than: timedelta) -> int:
    """Mark papers FAILED whose render was lost with its worker; return how many.

    Called by ``recover_tasks`` after it has failed the lost tasks themselves.
    """
    cutoff = timezone.now() - older_than
    failed = 0
    running = CouncilPaper.objects.filter(pdf_state=PdfState.RUNNING)
    for pk in running.values_list("pk", flat=True):
        with transaction.atomic():
            paper = running.select_for_update(skip_locked=True).filter(pk=pk).first()
            if paper is None or not _render_is_lost(paper, cutoff):
                continue
            paper.pdf_state = PdfState.FAILED
            paper.pdf_error = _(
                "Der Worker wurde beim Erzeugen beendet; bitte das PDF erneut erzeugen."
            )
            paper.save()
            failed += 1
    return failed
