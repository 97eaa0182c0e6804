"""Reminders sent, one row per (recipient, occasion): the UNIQUE key forbids repeats."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    DEADLINE_30 = "deadline_30", _("Frist in 30 Tagen")
    DEADLINE_7 = "deadline_7", _("Frist in 7 Tagen")
    DEADLINE_PASSED = "deadline_passed", _("Frist überschritten")
    STATUS_REPORT_DUE = "status_due", _("Sachstand fällig")
    SURVEY_DUE = "survey_due", _("Antworten zur Abfrage fällig")
    ROUND_OPENED = "round_opened", _("Berichtsrunde eröffnet")
    ROUND_DUE = "round_due", _("Berichtsrunde: Meldung bald fällig")
    ROUND_OVERDUE = "round_overdue", _("Berichtsrunde: Meldung überfällig")
    DIGEST = "digest", _("Wochenübersicht der Koordination")


class Reminder(models.Model):
    """One reminder to one recipient. ``occasion`` names what it is about, e.g.
    ``deadline_7:measure=12:2026-12-31``; the same occasion never reaches a recipient twice.

    The recipient is a user with an account, or (``user`` empty) the contact address of an
    actor that reports through personal links. Several reminders of one run to one recipient
    go out as one mail."""

    kind = models.CharField(_("Art"), max_length=20, choices=ReminderKind)
    occasion = models.CharField(_("Anlass"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Empfänger*in"),
    )
    email = models.EmailField(
        _("Kontaktadresse"),
        blank=True,
        help_text=_("Ohne Konto: die Kontaktadresse des Akteurs, an die erinnert wurde."),
    )
    actor = models.ForeignKey(
        "concept.Actor",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Akteur"),
    )
    reporting_round = models.ForeignKey(
        "participation.ReportingRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Berichtsrunde"),
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Maßnahme"),
    )
    survey_round = models.ForeignKey(
        "participation.SurveyRound",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("Abfragerunde"),
    )
    due_on = models.DateField(_("fällig am"))
    created_at = models.DateTimeField(_("verschickt am"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "occasion"], name="reminder_once_per_user_and_occasion"
            ),
            models.UniqueConstraint(
                fields=["email", "occasion"],
                condition=models.Q(user__isnull=True),
                name="reminder_once_per_contact_and_occasion",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | ~models.Q(email=""),
                name="reminder_has_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.user or self.email} – {self.due_on:%d.%m.%Y}"
