"""Notes by partners: a partner actor's word on a measure it takes part in.

A note is shown in the measure's timeline and changes nothing of the measure (status, progress
and indicator values are reported by the lead actor only).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class MeasureNote(models.Model):
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        related_name="partner_notes",
        verbose_name=_("Maßnahme"),
    )
    actor = models.ForeignKey(
        "concept.Actor",
        on_delete=models.PROTECT,
        related_name="measure_notes",
        verbose_name=_("für"),
        help_text=_("Der Akteur, für den die Notiz geschrieben ist (ein Partner der Maßnahme)."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measure_notes",
        verbose_name=_("verfasst von"),
    )
    reported_by = models.CharField(
        _("geschrieben von"),
        max_length=200,
        blank=True,
        help_text=_("Bei einer Notiz über einen persönlichen Link: die Kontaktadresse."),
    )
    text = models.TextField(_("Notiz"))
    created_at = models.DateTimeField(_("erfasst am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Notiz eines Partners")
        verbose_name_plural = _("Notizen von Partnern")

    def __str__(self):
        return f"{self.actor} – {self.created_at:%d.%m.%Y}"
