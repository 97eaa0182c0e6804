from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConceptConfig(AppConfig):
    name = "concept"
    verbose_name = _("Handlungskonzept")

    def ready(self):
        from . import privacy
        from .roles import grant_coordinator_permissions

        post_migrate.connect(grant_coordinator_permissions, dispatch_uid="coordinator_perms")
        privacy.register()
