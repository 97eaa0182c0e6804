"""SMART measures and the status updates their actors report."""

from __future__ import annotations

import datetime
import re

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Length
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import ActionField, Actor, Goal
from concept.roles import is_coordinator

from .indicator_kind import IndicatorKind  # noqa: E402
from .smart import SMART_Q, SmartResult, smart_check
from .status import (  # noqa: E402, F401  (importable from here as before)
    OPEN_STATUSES,
    PERCENT_VALIDATORS,
    MeasureStatus,
    status_label,
)


class MeasureQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(deadline__lt=today)

    def due_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(
            deadline__gte=today, deadline__lte=today + datetime.timedelta(days)
        )

    def smart(self):
        return self.filter(is_smart_stored=True)

    def not_smart(self):
        return self.filter(is_smart_stored=False)

    def highest_numbers(self) -> dict[int, int]:
        """The highest running number n of the measure numbers "f.n" per action field number f
        (fields without such a number are missing)."""
        highest: dict[int, int] = {}
        for field_number, number in self.values_list("action_field__number", "number"):
            match = re.fullmatch(rf"{field_number}\.(\d+)", number)
            if match:
                highest[field_number] = max(highest.get(field_number, 0), int(match.group(1)))
        return highest

    def next_free_numbers(self, field_numbers) -> dict[int, str]:
        """For each action field number f, the next free measure number "f.n": one above the
        highest n of any number "f.n" in use, whichever field that measure is in (numbers are
        unique across the concept), so that a number once given is never given again while
        its measure exists. Gaps (deleted measures) are not refilled."""
        highest: dict[int, int] = {}
        for number in self.values_list("number", flat=True):
            match = re.fullmatch(r"(\d+)\.(\d+)", number)
            if match:
                field_number, running = int(match[1]), int(match[2])
                highest[field_number] = max(highest.get(field_number, 0), running)
        return {f: f"{f}.{highest.get(f, 0) + 1}" for f in field_numbers}

    def next_free_number(self, action_field: ActionField) -> str:
        """The next free measure number of ``action_field``, e.g. "3.7"."""
        rows = self.filter(number__startswith=f"{action_field.number}.")
        return rows.next_free_numbers([action_field.number])[action_field.number]

    def led_by_member(self, user):
        """Measures whose lead actor counts ``user`` among its members."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(lead_actor__memberships__user=user)

    def reportable_by(self, user):
        """Measures on which ``user`` may report status (see measures/rules.py)."""
        if is_coordinator(user):
            return self.all()
        return self.led_by_member(user)

    def status_counts_by_field(self) -> dict[int, dict[str, int]]:
        """{action_field_id: {status: count}} in one query."""
        counts: dict[int, dict[str, int]] = {}
        rows = self.order_by().values_list("action_field_id", "status").annotate(n=Count("pk"))
        for field_id, status, n in rows:
            counts.setdefault(field_id, {})[status] = n
        return counts

    def with_plan(self):
        """Annotate the newest indicator value and date, the value expected by then and
        ``plan_status`` (``measures.plan.PlanStatus``), all in this query."""
        from .plan import plan_annotations

        queryset = self
        for name, expression in plan_annotations().items():
            queryset = queryset.annotate(**{name: expression})
        return queryset

    def with_related(self):
        return self.select_related("action_field", "goal", "lead_actor")

    def with_confirmed_today(self):
        """Annotate ``confirmed_unchanged_today`` (see Measure) in the same query."""
        return self.annotate(
            confirmed_unchanged_today=Exists(
                StatusUpdate.objects.filter(
                    measure=OuterRef("pk"), unchanged=True, reported_on=timezone.localdate()
                )
            )
        )


NOT_NEGATIVE = {
    "budget_amount": _("Der Betrag darf nicht negativ sein."),
    "staff_hours_per_year": _("Die Stunden dürfen nicht negativ sein."),
    "staff_fte": _("Der Stellenanteil darf nicht negativ sein."),
}


class Measure(models.Model):
    """A SMART measure: what is done, measured how, led by whom, with what, by when."""

    # S – specific
    number = models.CharField(
        _("Nummer"),
        max_length=20,
        unique=True,
        help_text=_("Eindeutig im Konzept, z. B. „3.2“."),
        error_messages={"unique": _("Diese Maßnahmennummer ist bereits vergeben.")},
    )
    title = models.CharField(_("Titel"), max_length=300)
    description = models.TextField(_("Beschreibung"), blank=True)
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        related_name="measures",
        verbose_name=_("Handlungsfeld"),
    )
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("Ziel"),
    )
    target_group = models.CharField(_("Zielgruppe"), max_length=300, blank=True)

    # A – assignable
    lead_actor = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_measures",
        verbose_name=_("federführender Akteur"),
    )
    partners = models.ManyToManyField(
        Actor, blank=True, related_name="partner_measures", verbose_name=_("Kooperationspartner")
    )

    # T – timed
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    deadline = models.DateField(_("Frist"), null=True, blank=True)

    status = models.CharField(
        _("Status"), max_length=20, choices=MeasureStatus, default=MeasureStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=PERCENT_VALIDATORS
    )

    # M – measurable
    indicator = models.CharField(_("Indikator"), max_length=300, blank=True)
    indicator_unit = models.CharField(_("Einheit"), max_length=50, blank=True)
    indicator_baseline = models.DecimalField(
        _("Ausgangswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_target = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_current = models.DecimalField(
        _("aktueller Wert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    indicator_kind = models.CharField(
        _("Art des Werts"),
        max_length=10,
        choices=IndicatorKind,
        default=IndicatorKind.COUNT,
        help_text=_("Bestimmt die Anzeige: ganze Zahlen, Prozent, Euro oder Dezimalzahl."),
    )
    indicator_baseline_on = models.DateField(
        _("Ausgangswert vom"),
        null=True,
        blank=True,
        help_text=_("Leer: der Beginn der Maßnahme."),
    )
    indicator_lower_is_better = models.BooleanField(
        _("weniger ist besser"),
        default=False,
        help_text=_(
            "Zum Beispiel Wartezeiten oder Abbrüche: das Ziel liegt unter dem Ausgangswert."
        ),
    )

    # R – realistic: staff and money
    staff_hours_per_year = models.DecimalField(
        _("Personal (Stunden pro Jahr)"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    staff_fte = models.DecimalField(
        _("Personal (Stellenanteil VZÄ)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    staff_actor = models.ForeignKey(
        Actor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staffed_measures",
        verbose_name=_("Personal gestellt von"),
    )
    budget_amount = models.DecimalField(
        _("Finanzmittel (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    funding_source = models.CharField(_("Finanzierungsquelle"), max_length=300, blank=True)
    budget_years = models.CharField(
        _("Haushaltsjahr(e)"), max_length=50, blank=True, help_text=_("z. B. „2025–2026“")
    )
    no_extra_resources = models.BooleanField(
        _("keine zusätzlichen Ressourcen nötig"), default=False
    )

    notes = models.TextField(_("Notizen (intern)"), blank=True)
    version = models.PositiveIntegerField(_("Version"), default=1, editable=False)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    # Maintained by the database from the same conditions as smart_check() (measures/smart.py),
    # so that counting and filtering by SMART-ness reads one indexed column.
    is_smart_stored = models.GeneratedField(
        expression=SMART_Q,
        output_field=models.BooleanField(),
        db_persist=True,
        verbose_name=_("SMART"),
        editable=False,
    )

    history = HistoricalRecords(m2m_fields=[partners])
    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["action_field__number", Length("number"), "number"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__isnull=True)
                | Q(start_date__isnull=True)
                | Q(deadline__gte=F("start_date")),
                name="measure_deadline_not_before_start",
                violation_error_message=_("Die Frist darf nicht vor dem Beginn liegen."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="measure_progress_0_100",
                violation_error_message=_("Der Fortschritt muss zwischen 0 und 100 %% liegen."),
            ),
            models.CheckConstraint(
                condition=Q(budget_amount__isnull=True) | Q(budget_amount__gte=0),
                name="measure_budget_not_negative",
                violation_error_message=NOT_NEGATIVE["budget_amount"],
            ),
            models.CheckConstraint(
                condition=Q(staff_hours_per_year__isnull=True) | Q(staff_hours_per_year__gte=0),
                name="measure_staff_hours_not_negative",
                violation_error_message=NOT_NEGATIVE["staff_hours_per_year"],
            ),
            models.CheckConstraint(
                condition=Q(staff_fte__isnull=True) | Q(staff_fte__gte=0),
                name="measure_staff_fte_not_negative",
                violation_error_message=NOT_NEGATIVE["staff_fte"],
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("measures:detail", args=[self.pk])

    def get_status_display(self):
        return status_label(self.status)

    def clean(self):
        """Checks with a message at their field. The database constraints (Meta) hold the
        same rules; Django skips a constraint whose field already has an error, so each
        message appears once, next to the field it is about."""
        from django.core.exceptions import ValidationError

        errors = {}
        if (
            self.goal_id
            and self.action_field_id
            and self.goal.action_field_id != self.action_field_id
        ):
            errors["goal"] = _("Das Ziel gehört zu einem anderen Handlungsfeld als die Maßnahme.")
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = _("Die Frist darf nicht vor dem Beginn liegen.")
        for name, message in NOT_NEGATIVE.items():
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = message
        numbered = re.fullmatch(r"(\d+)\.\d+", self.number or "")
        if numbered and self.action_field_id and int(numbered[1]) != self.action_field.number:
            errors["number"] = _(
                "Die Nummer %(number)s passt nicht zum Handlungsfeld %(field)s: Maßnahmen "
                "dieses Felds sind %(field)s.1, %(field)s.2, …"
            ) % {"number": self.number, "field": self.action_field.number}
        if errors:
            raise ValidationError(errors)

    def smart_check(self) -> SmartResult:
        return smart_check(self)

    @property
    def is_smart(self) -> bool:
        return self.smart_check().is_smart

    @property
    def is_overdue(self) -> bool:
        return (
            self.deadline is not None
            and self.status in OPEN_STATUSES
            and self.deadline < timezone.localdate()
        )

    @property
    def is_open_in_time(self) -> bool:
        """Open (planned, in progress, delayed) and not past its deadline: the only state in
        which "unverändert, weiter im Plan" can be true."""
        return self.status in OPEN_STATUSES and not self.is_overdue

    @cached_property
    def confirmed_unchanged_today(self) -> bool:
        """Already confirmed "unverändert, weiter im Plan" today (once a day is enough).
        ``Measure.objects.with_confirmed_today()`` reads it in the measure's own query."""
        return self.status_updates.filter(unchanged=True, reported_on=timezone.localdate()).exists()


from .documents import MeasureDocument  # noqa: E402, F401  (registered with this app's models)
from .indicators import (  # noqa: E402, F401
    HistoricalMeasurement,
    HistoricalMilestone,
    Measurement,
    MeasurementSource,
    Milestone,
)
from .notes import HistoricalMeasureNote, MeasureNote  # noqa: E402, F401
from .reports import HistoricalStatusUpdate, ReportChannel, StatusUpdate  # noqa: E402, F401
