from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "measures"
    verbose_name = _("Maßnahmen")

    def ready(self):
        from concept import branding_services
        from core.ops.recovery import lost_tasks_recovered

        from . import contributions, privacy, signals  # noqa: F401 – signals: the receivers
        from .importing.storage import remove_stale_uploads

        contributions.register()  # the measures on the actor and goal pages
        privacy.register()  # what a person's data export and erasure find here
        lost_tasks_recovered.connect(remove_stale_uploads, dispatch_uid="measures-import-files")
        branding_services.ACTION_FIELD_NUMBER_PINS.append(_measures_pin_number)


def _measures_pin_number(field) -> str:
    """A measure's number starts with its field's (3.2 is in field 3): it pins that number."""
    from django.utils.translation import ngettext

    from .models import Measure

    count = Measure.objects.filter(action_field=field).count()
    if not count:
        return ""
    return ngettext(
        "Im Handlungsfeld steht %(count)d Maßnahme, deren Nummer mit %(number)s beginnt.",
        "Im Handlungsfeld stehen %(count)d Maßnahmen, deren Nummern mit %(number)s beginnen.",
        count,
    ) % {"count": count, "number": field.number}
