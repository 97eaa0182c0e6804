"""The status of a measure and its progress in percent: choices, labels, validators."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("geplant")
    IN_PROGRESS = "in_progress", _("in Umsetzung")
    COMPLETED = "completed", _("abgeschlossen")
    DELAYED = "delayed", _("verzögert")
    CANCELLED = "cancelled", _("abgebrochen")


PERCENT_VALIDATORS = [
    MinValueValidator(0, _("Der Fortschritt muss zwischen 0 und 100 %% liegen.")),
    MaxValueValidator(100, _("Der Fortschritt muss zwischen 0 und 100 %% liegen.")),
]

OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.DELAYED)


def status_label(value: str):
    """The German label of a status, as ``get_status_display()`` gives it.

    Django's own version rebuilds a dict of all choices on every call (once per table row);
    unknown values are shown as they are, as Django does.
    """
    try:
        return str(MeasureStatus(value).label)
    except ValueError:
        return value
