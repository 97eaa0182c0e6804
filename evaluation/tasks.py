"""Background work of the evaluation (django.tasks; worker: ``manage.py db_worker``)."""

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone

from . import report
from .models import EvaluationCycle


@task
def store_cycle_report(cycle_id: int) -> str:
    """Render the report of a closed cycle once and keep it: the version council papers use."""
    cycle = EvaluationCycle.objects.select_related("matrix").get(pk=cycle_id)
    filename, _mimetype, content = report.render(cycle)
    if cycle.report_pdf:
        cycle.report_pdf.delete(save=False)
    cycle.report_pdf.save(filename, ContentFile(content), save=False)
    cycle.report_rendered_at = timezone.now()
    cycle.save()
    return cycle.report_pdf.name
