from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The top layer: the public transparency page, reading council and participation."""

    name = "public"
    verbose_name = _("Öffentliche Seite")

    def ready(self):
        from . import panels

        panels.register()  # the link to the page on participation's publication switch
