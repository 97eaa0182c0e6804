"""Indicator values over time (Messwerte) and the milestones of the expected path.

The indicator of a measure is defined on the measure (name, unit, kind, baseline with its date,
target at the deadline, direction): that definition is what the council adopts. Its values form
a series of ``Measurement`` rows, each with its date, source and who recorded it; a correction
changes a row and keeps the old value in the history. ``Measure.indicator_current`` is the
newest value of the series, kept by ``measures.indicator_services``.

The expected path runs from the baseline to the target, straight, or through the milestones
the coordination sets (``Milestone``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeasurementSource(models.TextChoices):
    REPORT = "report", _("Sachstand")
    IMPORT = "import", _("Import")
    ENTERED = "entered", _("erfasst")
    STATISTICS = "statistics", _("amtliche Statistik")


class Measurement(models.Model):
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        related_name="measurements",
        verbose_name=_("Maßnahme"),
    )
    measured_on = models.DateField(_("Stand vom"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    source = models.CharField(
        _("Quelle"), max_length=12, choices=MeasurementSource, default=MeasurementSource.ENTERED
    )
    source_detail = models.CharField(
        _("Quellenangabe"),
        max_length=300,
        blank=True,
        help_text=_("Zum Beispiel „Schuleingangsuntersuchung 2026, Region Hannover“."),
    )
    status_update = models.OneToOneField(
        "measures.StatusUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurement",
        verbose_name=_("aus dem Sachstand"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erfasst von"),
    )
    recorded_by_name = models.CharField(
        _("erfasst von (ohne Konto)"),
        max_length=200,
        blank=True,
        help_text=_("Bei einem Sachstand über einen persönlichen Link: die Kontaktadresse."),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "-measured_on", "-created_at"]
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        indexes = [models.Index(fields=["measure", "-measured_on"], name="measurement_newest")]

    def __str__(self):
        return f"{self.measure_id}: {self.value} ({self.measured_on:%d.%m.%Y})"


class Milestone(models.Model):
    """A point of the expected path between baseline and target ("bis 30.06.2027: 40")."""

    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("Maßnahme"),
    )
    due_on = models.DateField(_("bis"))
    value = models.DecimalField(_("erwarteter Wert"), max_digits=14, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "due_on"]
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "due_on"], name="milestone_once_per_measure_and_day"
            )
        ]

    def __str__(self):
        return f"{self.due_on:%d.%m.%Y}: {self.value}"
