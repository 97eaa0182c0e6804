from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Beteiligung")

    def ready(self):
        from . import panels, privacy

        panels.register()  # the survey need on the measure page
        privacy.register()  # what a person's data export and erasure find here
