"""Inventory and needs survey (Bestandsaufnahme und Bedarfsabfrage) among the actors."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Func, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.models import ActionField, Actor
from concept.roles import is_coordinator


class SurveyRoundQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The coordinator sees every round, an actor member the rounds its actors are in."""
        if is_coordinator(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(invited_actors__memberships__user=user).distinct()

    def open_on(self, day: datetime.date):
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def with_counts(self):
        """Annotate ``field_count``, ``actor_count`` and ``submitted_count``.

        One correlated subquery per count: counting three to-many relations through joins
        multiplies their rows (7 fields × 200 actors × 1,400 answers = 2 million rows per
        round) before DISTINCT takes them apart again.
        """
        return self.annotate(
            field_count=_count(
                SurveyRound.action_fields.through.objects.filter(surveyround=OuterRef("pk"))
            ),
            actor_count=_count(
                SurveyRound.invited_actors.through.objects.filter(surveyround=OuterRef("pk"))
            ),
            submitted_count=_count(
                SurveyResponse.objects.filter(
                    survey_round=OuterRef("pk"), status=ResponseStatus.SUBMITTED
                )
            ),
        )


def _count(queryset):
    """``SELECT COUNT(*)`` of ``queryset`` as a scalar subquery (no GROUP BY: 0 when empty)."""
    return Subquery(
        queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n"),
        output_field=models.IntegerField(),
    )


class SurveyRound(models.Model):
    """One round of the survey: a period, the action fields asked about, the actors invited."""

    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(
        _("Einleitung"), blank=True, help_text=_("Was gefragt wird und wozu; sehen alle Akteure.")
    )
    starts_on = models.DateField(_("Beginn"))
    ends_on = models.DateField(_("Antworten bis"))
    action_fields = models.ManyToManyField(
        ActionField, related_name="survey_rounds", verbose_name=_("Handlungsfelder")
    )
    invited_actors = models.ManyToManyField(
        Actor, related_name="survey_rounds", verbose_name=_("eingeladene Akteure")
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[action_fields, invited_actors])
    objects = SurveyRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("Abfragerunde")
        verbose_name_plural = _("Abfragerunden")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="surveyround_end_not_before_start",
                violation_error_message=_("Das Ende darf nicht vor dem Beginn liegen."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:survey_detail", args=[self.pk])

    def is_open(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("abgesendet")


class SurveyResponseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An actor member sees only the answers of its own actors; the coordinator all."""
        if is_coordinator(user):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(actor__memberships__user=user)

    def submitted(self):
        return self.filter(status=ResponseStatus.SUBMITTED)


class SurveyResponse(models.Model):
    """The answer of one actor to one action field of a round: offers and needs."""

    survey_round = models.ForeignKey(
        SurveyRound,
        on_delete=models.CASCADE,
        related_name="responses",
        verbose_name=_("Abfragerunde"),
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="survey_responses", verbose_name=_("Akteur")
    )
    action_field = models.ForeignKey(
        ActionField,
        on_delete=models.PROTECT,
        related_name="survey_responses",
        verbose_name=_("Handlungsfeld"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ResponseStatus, default=ResponseStatus.DRAFT
    )
    comment = models.TextField(_("Anmerkungen"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zuletzt bearbeitet von"),
    )
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)
    submitted_at = models.DateTimeField(_("abgesendet am"), null=True, blank=True)

    history = HistoricalRecords()
    objects = SurveyResponseQuerySet.as_manager()

    class Meta:
        ordering = ["survey_round", "action_field__number", "actor__name"]
        verbose_name = _("Antwort")
        verbose_name_plural = _("Antworten")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "actor", "action_field"],
                name="surveyresponse_one_per_round_actor_field",
            )
        ]

    def __str__(self):
        return f"{self.survey_round} – {self.actor} – {self.action_field}"

    def get_absolute_url(self):
        return reverse(
            "participation:survey_answer",
            kwargs={
                "pk": self.survey_round_id,
                "actor_pk": self.actor_id,
                "field_pk": self.action_field_id,
            },
        )

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class Offer(models.Model):
    """Bestand: an offer that already exists (what, for whom, how often, reach)."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="offers", verbose_name=_("Antwort")
    )
    what = models.CharField(_("Angebot"), max_length=300)
    target_group = models.CharField(_("für wen"), max_length=300, blank=True)
    frequency = models.CharField(
        _("wie oft"), max_length=100, blank=True, help_text=_("z. B. „wöchentlich“")
    )
    reach = models.PositiveIntegerField(_("Reichweite (Personen pro Jahr)"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bestehendes Angebot")
        verbose_name_plural = _("bestehende Angebote")

    def __str__(self):
        return self.what


class Urgency(models.TextChoices):
    HIGH = "high", _("hoch")
    MEDIUM = "medium", _("mittel")
    LOW = "low", _("niedrig")


class Need(models.Model):
    """Bedarf: what is missing, for whom, how urgent; may become a draft measure."""

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="needs", verbose_name=_("Antwort")
    )
    what = models.CharField(_("was fehlt"), max_length=300)
    target_group = models.CharField(_("für wen"), max_length=300, blank=True)
    urgency = models.CharField(
        _("Dringlichkeit"), max_length=10, choices=Urgency, default=Urgency.MEDIUM
    )
    measure = models.OneToOneField(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="source_need",
        verbose_name=_("daraus entstandene Maßnahme"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("Bedarf")
        verbose_name_plural = _("Bedarfe")

    def __str__(self):
        return self.what
