from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "laatzen_integration.ops"
    label = "ops"
    verbose_name = "Betrieb"
