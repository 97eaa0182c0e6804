from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Maßnahmen")

    def ready(self):
        from core.ops.recovery import lost_tasks_recovered

        from . import contributions, signals  # noqa: F401 – signals connects the receivers
        from .importing.storage import remove_stale_uploads

        contributions.register()  # the measures on the actor and goal pages
        lost_tasks_recovered.connect(remove_stale_uploads, dispatch_uid="measures-import-files")
