from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: PDF rendering and tagging, render jobs, widgets, the history
    admin, the site's own middleware and pages. Imports no other app of the project."""

    name = "core"
    verbose_name = "Grundlagen"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .text import install_form_check

        install_form_check()
