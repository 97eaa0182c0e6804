from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Fortschreibung und Ratsdrucksachen")

    def ready(self):
        from . import privacy

        privacy.register()
        from core.ops.recovery import lost_tasks_recovered

        from .recovery import fail_lost_renderings

        lost_tasks_recovered.connect(fail_lost_renderings, dispatch_uid="council-renderings")
