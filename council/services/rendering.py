"""Rendering a paper's PDF off the request path and storing it with its checksums."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
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
    """Queue the rendering task; the page shows the state until the worker is done."""
    from ..tasks import render_paper_pdf

    stored = CouncilPaper.objects.select_for_update().get(pk=paper.pk)
    _refuse_if_frozen(stored)
    stored.pdf_state = PdfState.QUEUED
    stored.pdf_error = ""
    stored.save()
    # The database backend stores the task in this transaction: a worker sees it after commit.
    result = render_paper_pdf.enqueue(stored.pk)
    # An immediate backend has already run the task: reload before noting the task id.
    stored.refresh_from_db()
    stored.pdf_task_id = str(result.id)
    stored.save(update_fields=["pdf_task_id"])
    return stored


def paper_render_and_store(*, paper_id: int) -> CouncilPaper:
    """Render the PDF and store it with SHA-256/512; marks the paper running/done/failed."""
    with transaction.atomic():
        paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
        _refuse_if_frozen(paper)
        paper.pdf_state = PdfState.RUNNING
        paper.save()
    try:
        filename, _mimetype, data = paper_renderer.render(paper)
    except Exception as error:
        logger.exception("Rendering paper %s failed", paper.number)
        with transaction.atomic():
            paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
            paper.pdf_state = PdfState.FAILED
            paper.pdf_error = f"{type(error).__name__}: {error}"[:2000]
            paper.save()
        raise
    with transaction.atomic():
        paper = CouncilPaper.objects.select_for_update().get(pk=paper_id)
        _refuse_if_frozen(paper)
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
