"""Rendering a paper's PDF off the request path and storing it with its checksums.

A render claims the paper (QUEUED → RUNNING under a row lock), renders into memory and stores
the file only if its claim still holds; ``recover_tasks`` fails a render lost with its worker
(:func:`paper_fail_lost_renderings`). The protocol is ``core/render_jobs.py``;
here only: a decided paper's PDF is frozen (neither claimed nor stored), and a render without
a task (demo data) may render a paper in any state but RUNNING.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.render_jobs import RenderJob

from ..models import CouncilPaper, PdfState
from ..renderers import paper as paper_renderer
from .revisions import RefusedError


def _refuse_if_frozen(paper: CouncilPaper) -> None:
    if paper.is_decided and paper.pdf_file:
        raise RefusedError(
            _(
                "Das PDF einer abgeschlossenen Drucksache ist eingefroren "
                "und wird nicht neu erzeugt."
            )
        )


PAPER_PDF = RenderJob(
    model=CouncilPaper,
    states=PdfState,
    state_field="pdf_state",
    task_id_field="pdf_task_id",
    error_field="pdf_error",
    file_field="pdf_file",
    task="council.tasks.render_paper_pdf",
    lost_message=gettext_lazy(
        "Der Worker wurde beim Erzeugen beendet; bitte das PDF erneut erzeugen."
    ),
    describe=lambda paper: f"paper {paper.number}",
    refuse=_refuse_if_frozen,
    local_claims_any_state=True,
)


@transaction.atomic
def paper_request_rendering(*, paper: CouncilPaper, user) -> CouncilPaper:
    """Queue the rendering task; the page shows the state until the worker is done.

    While a worker renders the paper, nothing more is queued: that render is the answer.
    """
    stored = CouncilPaper.objects.select_for_update().get(pk=paper.pk)
    _refuse_if_frozen(stored)
    if stored.pdf_state == PdfState.RUNNING:
        return stored
    stored.pdf_state = PdfState.QUEUED
    stored.pdf_error = ""
    stored.save()
    # The database backend stores the task in this transaction: a worker sees it after commit.
    # An RQ worker may start at once, but waits for this row's lock until we commit.
    result = PAPER_PDF.enqueue(stored.pk)  # tasks.render_paper_pdf
    # An immediate backend has already run the task: reload before noting the task id.
    stored.refresh_from_db()
    stored.pdf_task_id = str(result.id)
    stored.save(update_fields=["pdf_task_id"])
    return stored


def paper_render_and_store(*, paper_id: int, task_id: str | None = None) -> CouncilPaper | None:
    """Render the PDF and store it with SHA-256/512; marks the paper running/done/failed.

    ``task_id`` (from the render task) renders only a QUEUED paper: a second delivery of the
    same request does nothing. Returns None when this call did not render.
    """
    claim = PAPER_PDF.claim(paper_id, task_id)
    if claim is None:
        return None
    with PAPER_PDF.failing(claim):
        filename, _mimetype, data = paper_renderer.render(claim.row)

    def checksums(paper: CouncilPaper) -> None:
        paper.pdf_sha256 = hashlib.sha256(data).hexdigest()
        paper.pdf_sha512 = hashlib.sha512(data).hexdigest()
        paper.pdf_size = len(data)
        paper.pdf_rendered_at = timezone.now()

    return PAPER_PDF.store(claim, filename, data, update=checksums)


def paper_fail_lost_renderings(*, older_than: timedelta) -> int:
    """Mark papers FAILED whose render was lost with its worker; return how many.

    Called by ``recover_tasks`` after it has failed the lost tasks themselves.
    """
    return PAPER_PDF.fail_lost(older_than=older_than)
