"""Assessments of one measure in one cycle and their scores per criterion."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import ActionField
from concept.roles import COUNCIL, has_role, is_coordinator
from measures.models import Measure

from .cycle import CycleState, EvaluationCycle
from .matrix import Criterion, ScaleLevel


class AssessmentState(models.TextChoices):
    OPEN = "open", _("offen")
    DRAFT = "draft", _("Entwurf")
    FINAL = "final", _("abschließend")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("fortführen")
    ADAPT = "adapt", _("anpassen")
    COMPLETE = "complete", _("abschließen")
    STOP = "stop", _("beenden")


@dataclass(frozen=True)
class AssessmentScope:
    """Which assessments a user may see: all of them, or those of the measures their actors
    lead (``led``) and those in cycles of ``cycle_states``. The one definition behind
    ``Assessment.objects.visible_to`` and the rule ``evaluation.view_assessment``."""

    everything: bool = False
    led: bool = False
    cycle_states: frozenset = frozenset()


def assessment_scope(user) -> AssessmentScope:
    if not user.is_authenticated:
        return AssessmentScope()
    if is_coordinator(user):
        return AssessmentScope(everything=True)
    closed = frozenset({CycleState.CLOSED}) if has_role(user, COUNCIL) else frozenset()
    return AssessmentScope(led=True, cycle_states=closed)


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assessments ``user`` may see (``assessment_scope``)."""
        scope = assessment_scope(user)
        if scope.everything:
            return self.all()
        conditions = []
        if scope.led:
            conditions.append(Q(measure__lead_actor__memberships__user=user))
        if scope.cycle_states:
            conditions.append(Q(cycle__state__in=scope.cycle_states))
        if not conditions:
            return self.none()
        return self.filter(reduce(operator.or_, conditions)).distinct()

    def with_related(self):
        return self.select_related(
            "cycle", "measure", "measure__action_field", "measure__lead_actor"
        )

    def state_counts(self) -> dict[str, int]:
        rows = self.order_by().values_list("state").annotate(n=models.Count("pk"))
        return dict(rows)


class Assessment(models.Model):
    """The assessment of one measure in one cycle; read-only once final."""

    cycle = models.ForeignKey(
        EvaluationCycle,
        on_delete=models.CASCADE,
        related_name="assessments",
        verbose_name=_("Zyklus"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("Maßnahme"),
    )
    state = models.CharField(
        _("Stand"), max_length=10, choices=AssessmentState, default=AssessmentState.OPEN
    )
    indicator_value = models.DecimalField(
        _("Indikatorwert zum Bewertungszeitpunkt"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    recommendation = models.CharField(
        _("Empfehlung"), max_length=10, choices=Recommendation, blank=True
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("Handlungsfeld bei der Bewertung"),
        help_text=_(
            "Das Handlungsfeld der Maßnahme, als die Bewertung abschließend wurde oder der "
            "Zyklus endete; die Ergebnisse zählen sie dort, auch wenn sie später umzieht."
        ),
    )
    # The default matrix's rule: a cancelled measure is not scored, the reason is recorded.
    measure_cancelled = models.BooleanField(
        _("Maßnahme abgebrochen"),
        default=False,
        editable=False,
        help_text=_(
            "Die Maßnahme war abgebrochen, als die Bewertung abschließend wurde: Sie geht in "
            "keinen Durchschnitt ein; die Bemerkungen nennen den Grund."
        ),
    )
    remarks = models.TextField(_("Bemerkungen"), blank=True)
    not_assessed = models.BooleanField(
        _("nicht bewertet"),
        default=False,
        help_text=_("Der Zyklus wurde abgeschlossen, bevor diese Bewertung abschließend war."),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Entwurf von"),
    )
    drafted_at = models.DateTimeField(_("Entwurf vom"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abschließend bewertet von"),
    )
    finalised_at = models.DateTimeField(_("abschließend bewertet am"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("Version"),
        default=1,
        editable=False,
        help_text=_("Zählt jede Speicherung; schützt vor dem Überschreiben fremder Änderungen."),
    )

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "measure__action_field__number", "measure__number"]
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "measure"],
                name="assessment_unique_measure_per_cycle",
                violation_error_message=_("Diese Maßnahme wird in diesem Zyklus schon bewertet."),
            )
        ]

    def __str__(self):
        return f"{self.measure.number} – {self.cycle}"

    def get_absolute_url(self):
        return reverse("evaluation:assessment_detail", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.state == AssessmentState.FINAL


class CriterionScore(models.Model):
    """The level and justification given to one criterion in one assessment."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("Bewertung")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("Kriterium")
    )
    level = models.ForeignKey(
        ScaleLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Stufe"),
    )
    justification = models.TextField(_("Begründung"), blank=True)
    # The indicator criterion (K1): the level proposed from the attainment g, the formula
    # with the values used, and the assessor's reason for choosing another level.
    proposed_level = models.ForeignKey(
        ScaleLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vorgeschlagene Stufe"),
    )
    proposal = models.CharField(
        _("Berechnung des Vorschlags"),
        max_length=300,
        blank=True,
        help_text=_("z. B. „g = (45 − 20) / (80 − 20) = 0,42 → 1 Punkt (teilweise erreicht)“"),
    )
    override_reason = models.TextField(
        _("Grund für die Abweichung vom Vorschlag"),
        blank=True,
        help_text=_("Pflicht, wenn eine andere Stufe als die vorgeschlagene gewählt ist."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "criterion__order", "criterion__pk"]
        verbose_name = _("Bewertung eines Kriteriums")
        verbose_name_plural = _("Bewertungen der Kriterien")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"],
                name="criterionscore_unique_per_assessment",
            )
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.level or '–'}"

    @property
    def overrides_proposal(self) -> bool:
        return self.proposed_level_id is not None and self.level_id != self.proposed_level_id
