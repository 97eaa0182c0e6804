"""Evaluation: matrices (criteria, weights, scale), cycles, assessments and their scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import ActionField
from concept.roles import COUNCIL, has_role, is_coordinator
from measures.models import Measure


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


class CycleState(models.TextChoices):
    OPEN = "open", _("laufend")
    CLOSED = "closed", _("abgeschlossen")


class EvaluationCycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cycles ``user`` may see; agrees with ``evaluation.view_cycle`` (tests prove it)."""
        if not user.is_authenticated:
            return self.none()
        if is_coordinator(user) or user.memberships.exists():
            return self.all()
        if has_role(user, COUNCIL):
            return self.filter(state=CycleState.CLOSED)
        return self.none()


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
        help_text=_("Beim Abschluss erzeugt; die Fassung für Rat und Drucksache."),
    )
    report_rendered_at = models.DateTimeField(_("Bericht erzeugt am"), null=True, blank=True)

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


class AssessmentState(models.TextChoices):
    OPEN = "open", _("offen")
    DRAFT = "draft", _("Entwurf")
    FINAL = "final", _("abschließend")


class Recommendation(models.TextChoices):
    CONTINUE = "continue", _("fortführen")
    ADAPT = "adapt", _("anpassen")
    COMPLETE = "complete", _("abschließen")
    STOP = "stop", _("beenden")


class AssessmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Assessments ``user`` may see; agrees with ``evaluation.view_assessment``."""
        if not user.is_authenticated:
            return self.none()
        if is_coordinator(user):
            return self.all()
        condition = Q(measure__lead_actor__memberships__user=user)
        if has_role(user, COUNCIL):
            condition |= Q(cycle__state=CycleState.CLOSED)
        return self.filter(condition).distinct()

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
