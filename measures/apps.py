from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Maßnahmen")

    def ready(self):
        from . import privacy, signals  # noqa: F401 – signals connects the receivers

        privacy.register()
