"""Status reports (Sachstände): dated reports on a measure, and the way each one came in."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .status import PERCENT_VALIDATORS, MeasureStatus, status_label


class ReportChannel(models.TextChoices):
    """How a Sachstand reached the app; shown in the timeline and the history."""

    ACCOUNT = "account", _("mit Konto")
    PERSONAL_LINK = "link", _("über persönlichen Link")
    ON_BEHALF = "on_behalf", _("telefonisch, erfasst von der Koordination")
    IMPORT = "import", _("Import")


class StatusUpdate(models.Model):
    """A dated progress report (Sachstand) on a measure."""

    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        related_name="status_updates",
        verbose_name=_("Maßnahme"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("verfasst von"),
    )
    reported_on = models.DateField(_("Datum"), default=timezone.localdate)
    status = models.CharField(_("Status"), max_length=20, choices=MeasureStatus)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), validators=PERCENT_VALIDATORS)
    indicator_value = models.DecimalField(
        _("Indikatorwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("Sachstand"), blank=True)
    channel = models.CharField(
        _("gemeldet über"), max_length=20, choices=ReportChannel, default=ReportChannel.ACCOUNT
    )
    reported_by = models.CharField(
        _("gemeldet von"),
        max_length=200,
        blank=True,
        help_text=_(
            "Wer gemeldet hat, wenn es nicht die angemeldete Person war: die Kontaktadresse "
            "eines persönlichen Links oder die Person, die der Koordination telefonisch "
            "berichtet hat."
        ),
    )
    unchanged = models.BooleanField(
        _("unverändert bestätigt"),
        default=False,
        help_text=_("Mit einem Klick bestätigt: unverändert, weiter im Plan."),
    )
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-created_at"]
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="statusupdate_progress_0_100",
                violation_error_message=_("Der Fortschritt muss zwischen 0 und 100 %% liegen."),
            ),
        ]

    def __str__(self):
        return f"{self.measure.number} – {self.reported_on:%d.%m.%Y}"

    @property
    def reporter_label(self) -> str:
        """Who reported, as the timeline says it (no query beyond the loaded author)."""
        if self.channel == ReportChannel.PERSONAL_LINK:
            return _("%(who)s über persönlichen Link") % {"who": self.reported_by}
        if self.channel == ReportChannel.ON_BEHALF:
            return _("telefonisch gemeldet von %(who)s, erfasst von %(by)s") % {
                "who": self.reported_by,
                "by": self.author or _("der Koordination"),
            }
        if self.channel == ReportChannel.IMPORT:
            return _("Import")
        return str(self.author) if self.author else _("unbekannt")

    def get_status_display(self):
        return status_label(self.status)
