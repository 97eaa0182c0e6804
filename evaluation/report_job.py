"""A cycle's report PDF as a render job (``core/render_jobs.py``): read by
``report_status`` (has the rendering task ended?) and driven by ``services/reports.py``."""

from django.utils.translation import gettext_lazy

from core.render_jobs import RenderJob

from .models import EvaluationCycle, ReportState

REPORT_PDF = RenderJob(
    model=EvaluationCycle,
    states=ReportState,
    state_field="report_state",
    task_id_field="report_task_id",
    error_field="report_error",
    file_field="report_pdf",
    task="evaluation.tasks.render_cycle_report",
    lost_message=gettext_lazy(
        "Der Hintergrunddienst wurde beim Erstellen beendet; bitte den Bericht erneut erstellen."
    ),
    describe=lambda cycle: f"report of cycle {cycle.pk}",
)
