"""Background tasks of the council layer (django.tasks; worker: manage.py worker)."""

from django.tasks import task

from .services import paper_render_and_store


@task(takes_context=True)
def render_paper_pdf(context, paper_id: int) -> str:
    """Render and store the PDF of a queued paper; returns its SHA-256, or "" when another
    worker renders it or this request was already served (see services/rendering.py)."""
    paper = paper_render_and_store(paper_id=paper_id, task_id=str(context.task_result.id))
    return paper.pdf_sha256 if paper else ""
