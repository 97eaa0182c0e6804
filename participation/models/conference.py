"""The yearly integration conference (Integrationskonferenz) and its results."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import Actor, Goal
from core.documents import StoredDocument


class Conference(models.Model):
    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("z. B. „1. Integrationskonferenz“")
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"), null=True, blank=True)
    place = models.CharField(
        _("Ort"), max_length=300, help_text=_("Adresse oder „online“ mit Hinweis zum Zugang")
    )
    agenda = models.TextField(_("Tagesordnung"), blank=True, help_text=_("Ein Punkt pro Zeile."))
    invited_actors = models.ManyToManyField(
        Actor, blank=True, related_name="conferences_invited", verbose_name=_("eingeladene Akteure")
    )
    attended_actors = models.ManyToManyField(
        Actor,
        blank=True,
        related_name="conferences_attended",
        verbose_name=_("teilnehmende Akteure"),
    )
    participant_count = models.PositiveIntegerField(
        _("Zahl der Teilnehmenden"), null=True, blank=True
    )
    minutes = models.TextField(
        _("Protokoll"),
        blank=True,
        help_text=_("Als Text; kann später einer Drucksache als Anlage beigefügt werden."),
    )
    invitation_sent_at = models.DateTimeField(_("Einladung verschickt am"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[invited_actors, attended_actors])

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("Integrationskonferenz")
        verbose_name_plural = _("Integrationskonferenzen")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="conference_end_not_before_start",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_at:%d.%m.%Y})"

    def get_absolute_url(self):
        return reverse("participation:conference_detail", args=[self.pk])

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class ConferenceResultKind(models.TextChoices):
    RESULT = "result", _("Ergebnis")
    AGREEMENT = "agreement", _("Vereinbarung")


class ConferenceResult(models.Model):
    """A result or agreement of a conference, linked to the measures or goals it concerns."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="results", verbose_name=_("Konferenz")
    )
    kind = models.CharField(
        _("Art"), max_length=20, choices=ConferenceResultKind, default=ConferenceResultKind.RESULT
    )
    text = models.TextField(_("Text"))
    measures = models.ManyToManyField(
        "measures.Measure",
        blank=True,
        related_name="conference_results",
        verbose_name=_("betrifft Maßnahmen"),
    )
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="conference_results", verbose_name=_("betrifft Ziele")
    )

    history = HistoricalRecords(m2m_fields=[measures, goals])

    class Meta:
        ordering = ["conference", "kind", "pk"]
        verbose_name = _("Ergebnis der Konferenz")
        verbose_name_plural = _("Ergebnisse der Konferenz")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ConferenceDocument(StoredDocument):
    """A file kept with a conference (invitation flyer, presentation, photo protocol)."""

    storage_folder = "konferenzen"

    conference = models.ForeignKey(
        Conference,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("Integrationskonferenz"),
    )

    history = HistoricalRecords()

    class Meta(StoredDocument.Meta):
        verbose_name = _("Dokument einer Konferenz")
        verbose_name_plural = _("Dokumente von Konferenzen")

    def get_absolute_url(self):
        return reverse("participation:conference_document", args=[self.conference_id, self.pk])
