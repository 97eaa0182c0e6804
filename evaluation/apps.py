from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluierung")

    def ready(self):
        from . import privacy

        privacy.register()
        from core.ops.recovery import lost_tasks_recovered

        from .recovery import fail_lost_reports

        lost_tasks_recovered.connect(fail_lost_reports, dispatch_uid="evaluation-reports")
