from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: PDF rendering and tagging, render jobs, widgets, the history
    admin, the site's own middleware and pages. Imports no other app of the project."""

    name = "core"
    verbose_name = "Grundlagen"

    def ready(self):
        from . import checks, privacy  # noqa: F401  (checks registers the system checks)
        from .text import install_form_check

        privacy.register_core()
        install_form_check()
