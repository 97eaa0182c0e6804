"""Background work of the evaluation (django.tasks; worker: ``manage.py db_worker``)."""

from django.tasks import task

from .models import EvaluationCycle
from .services.reports import cycle_report_render, cycle_report_request


@task(takes_context=True)
def render_cycle_report(context, cycle_id: int) -> str:
    """Render and store the report PDF of a cycle whose report is queued: a preview while it
    runs, the final report once closed. Returns the stored file's name, or "" when this
    task did not render (another one did, or the request was served; see
    ``services/reports.py``)."""
    cycle = cycle_report_render(cycle_id=cycle_id, task_id=str(context.task_result.id))
    return cycle.report_pdf.name if cycle else ""


@task
def store_cycle_report(cycle_id: int) -> str:
    """Kept for tasks queued before the report had a state: requests the rendering anew."""
    cycle = EvaluationCycle.objects.get(pk=cycle_id)
    return cycle_report_request(cycle=cycle, user=None).cycle.report_state
