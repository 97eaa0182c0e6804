"""Evaluation matrices: a named, versioned set of criteria and a rating scale."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class EvaluationMatrix(models.Model):
    """A named, versioned set of criteria and a rating scale, fixed before an evaluation."""

    name = models.CharField(_("Name"), max_length=200)
    version = models.PositiveIntegerField(_("Version"), default=1)
    description = models.TextField(_("Beschreibung"), blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-version"]
        verbose_name = _("Bewertungsmatrix")
        verbose_name_plural = _("Bewertungsmatrizen")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "version"],
                name="matrix_unique_name_version",
                violation_error_message=_("Diese Matrix gibt es in dieser Version schon."),
            )
        ]

    def __str__(self):
        return f"{self.name} (Version {self.version})"

    def get_absolute_url(self):
        return reverse("evaluation:matrix_detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """A matrix that a cycle uses can no longer change (its results depend on it)."""
        return self.cycles.exists()


class Criterion(models.Model):
    matrix = models.ForeignKey(
        EvaluationMatrix,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("Matrix"),
    )
    code = models.CharField(_("Kürzel"), max_length=10, help_text=_("z. B. „K1“"))
    title = models.CharField(_("Kriterium"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    weight = models.DecimalField(
        _("Gewicht"),
        max_digits=6,
        decimal_places=2,
        help_text=_("Größer als 0; z. B. Prozentpunkte (30 für 30 %)."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "order", "pk"]
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="criterion_weight_positive",
                violation_error_message=_("Das Gewicht muss größer als 0 sein."),
            ),
            models.UniqueConstraint(
                fields=["matrix", "code"],
                name="criterion_unique_code_per_matrix",
                violation_error_message=_("Dieses Kürzel gibt es in der Matrix schon."),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class ScaleLevel(models.Model):
    matrix = models.ForeignKey(
        EvaluationMatrix,
        on_delete=models.CASCADE,
        related_name="levels",
        verbose_name=_("Matrix"),
    )
    label = models.CharField(_("Bezeichnung"), max_length=100)
    score = models.PositiveSmallIntegerField(_("Punkte"), default=0)
    description = models.TextField(_("Beschreibung"), blank=True)
    no_score = models.BooleanField(
        _("zählt als keine Bewertung"),
        default=False,
        help_text=_("z. B. „nicht bewertbar“: geht nicht (auch nicht mit 0) in die Wertung ein."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["matrix", "no_score", "-score", "pk"]
        verbose_name = _("Bewertungsstufe")
        verbose_name_plural = _("Bewertungsstufen")
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "label"],
                name="scalelevel_unique_label_per_matrix",
                violation_error_message=_("Diese Bezeichnung gibt es in der Skala schon."),
            )
        ]

    def __str__(self):
        if self.no_score:
            return self.label
        return f"{self.label} ({self.score})"
