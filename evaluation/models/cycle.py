"""Evaluation cycles: a period, a matrix, a due date, and the stored report (PDF)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.roles import COUNCIL, has_role, is_coordinator

from .matrix import EvaluationMatrix


class CycleState(models.TextChoices):
    OPEN = "open", _("laufend")
    CLOSED = "closed", _("abgeschlossen")


class ReportState(models.TextChoices):
    """Where the report PDF stands: rendered by a task (``tasks.render_cycle_report``)."""

    NONE = "none", _("noch nicht erstellt")
    QUEUED = "queued", _("wartet auf den Hintergrunddienst")
    RUNNING = "running", _("wird erstellt")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


def visible_cycle_states(user) -> frozenset | None:
    """The states of the cycles ``user`` may see, ``None`` for every cycle: the one definition
    behind ``EvaluationCycle.objects.visible_to`` and the rule ``evaluation.view_cycle``."""
    if not user.is_authenticated:
        return frozenset()
    if is_coordinator(user) or user.memberships.exists():
        return None
    if has_role(user, COUNCIL):
        return frozenset({CycleState.CLOSED})
    return frozenset()


class EvaluationCycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cycles ``user`` may see (``visible_cycle_states``)."""
        states = visible_cycle_states(user)
        if states is None:
            return self.all()
        return self.filter(state__in=states) if states else self.none()


class EvaluationCycle(models.Model):
    """One evaluation round: a period, a matrix, a due date and one assessment per measure."""

    title = models.CharField(_("Titel"), max_length=200)
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    matrix = models.ForeignKey(
        EvaluationMatrix,
        on_delete=models.PROTECT,
        related_name="cycles",
        verbose_name=_("Bewertungsmatrix"),
    )
    due_date = models.DateField(_("Fällig am"))
    state = models.CharField(_("Stand"), max_length=10, choices=CycleState, default=CycleState.OPEN)
    created_at = models.DateTimeField(_("gestartet am"), auto_now_add=True)
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgeschlossen von"),
    )
    report_pdf = models.FileField(
        _("Evaluierungsbericht (PDF)"),
        upload_to="evaluation/reports/",
        blank=True,
        editable=False,
        help_text=_(
            "Während der Zyklus läuft eine Vorschau auf Anforderung; nach dem Abschluss die "
            "endgültige Fassung für Rat und Drucksache (einmal erzeugt, dann unverändert)."
        ),
    )
    report_rendered_at = models.DateTimeField(
        _("Bericht erzeugt am"),
        null=True,
        blank=True,
        help_text=_("Datenstand des gespeicherten Berichts: Beginn der Erzeugung."),
    )
    report_state = models.CharField(
        _("Stand des Berichts (PDF)"),
        max_length=10,
        choices=ReportState,
        default=ReportState.NONE,
        editable=False,
    )
    report_is_preview = models.BooleanField(
        _("Bericht ist eine Vorschau"),
        default=False,
        editable=False,
        help_text=_("Erzeugt, während der Zyklus lief; nicht die Fassung für den Rat."),
    )
    report_requested_at = models.DateTimeField(
        _("Bericht angefordert am"), null=True, blank=True, editable=False
    )
    report_task_id = models.CharField(max_length=100, blank=True, editable=False)
    report_error = models.TextField(
        _("Fehler beim Erzeugen des Berichts"), blank=True, editable=False
    )

    history = HistoricalRecords()
    objects = EvaluationCycleQuerySet.as_manager()

    class Meta:
        ordering = ["-period_end", "-pk"]
        verbose_name = _("Evaluierungszyklus")
        verbose_name_plural = _("Evaluierungszyklen")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="cycle_period_end_not_before_start",
                violation_error_message=_("Das Ende des Zeitraums liegt vor seinem Beginn."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("evaluation:cycle_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.state == CycleState.CLOSED

    @property
    def report_pending(self) -> bool:
        """A report is queued or being rendered."""
        return self.report_state in (ReportState.QUEUED, ReportState.RUNNING)

    @property
    def has_fitting_report(self) -> bool:
        """A report of the right kind is stored: a preview while the cycle runs, the final one
        after it closed. (It may be rendered anew meanwhile; whether its file still exists is
        asked in ``report_status``.)"""
        return bool(self.report_pdf) and self.report_is_preview != self.is_closed

    @property
    def report_title(self) -> str:
        """ "Evaluierungsbericht 2023–2024" for the cycle "Evaluierung 2023–2024" (no
        "Evaluierungsbericht Evaluierung …"), otherwise "Evaluierungsbericht: <title>"."""
        rest = self.title.removeprefix("Evaluierung ")
        if rest != self.title:
            return _("Evaluierungsbericht %s") % rest
        return _("Evaluierungsbericht: %s") % self.title

    def previous(self) -> EvaluationCycle | None:
        """The latest cycle whose period ended before this one's began."""
        return (
            EvaluationCycle.objects.filter(period_end__lt=self.period_start)
            .exclude(pk=self.pk)
            .select_related("matrix")
            .order_by("-period_end", "-pk")
            .first()
        )
