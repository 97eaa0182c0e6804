"""Background tasks of the council layer (django.tasks; worker: manage.py db_worker)."""

from django.tasks import task


@task()
def render_paper_pdf(paper_id: int) -> str:
    """Render and store the PDF of a paper; returns its SHA-256."""
    from .services import paper_render_and_store

    return paper_render_and_store(paper_id=paper_id).pdf_sha256
