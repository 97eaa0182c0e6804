from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Maßnahmen")

    def ready(self):
        from core.ops.recovery import lost_tasks_recovered

        from . import signals  # noqa: F401 – connects the receivers
        from .importing.storage import remove_stale_uploads

        lost_tasks_recovered.connect(remove_stale_uploads, dispatch_uid="measures-import-files")
