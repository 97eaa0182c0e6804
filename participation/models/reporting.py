"""Reporting rounds (Berichtsrunden) and personal links for reporting without an account.

A round asks for a Sachstand on a selection of measures by a due date. The measures are fixed
when the round opens (``RoundEntry``); a report counts for the round when it was recorded after
the round opened. Closing the round freezes each entry's status as of that round: what a
council paper's Sachstandsbericht shows.

A personal link lets the contact of one actor report on that actor's measures in one round
without an account. The token in the link is signed and carries a random part whose hash is
stored here, so that a link can be revoked and a stolen database gives no working link.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from measures.models import StatusUpdate


class ReportingRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def closed(self):
        return self.filter(closed_at__isnull=False)

    def with_counts(self):
        """Annotate ``entry_count``, ``reported_count``, ``unchanged_count`` and
        ``missing_count`` (live for an open round, as frozen for a closed one); one query."""
        entries = RoundEntry.objects.with_outcome().filter(round=OuterRef("pk"))
        return self.annotate(
            entry_count=_count(entries),
            reported_count=_count(entries.filter(live_outcome=EntryOutcome.REPORTED)),
            unchanged_count=_count(entries.filter(live_outcome=EntryOutcome.UNCHANGED)),
        ).annotate(missing_count=F("entry_count") - F("reported_count") - F("unchanged_count"))


def _count(queryset):
    return Coalesce(
        Subquery(
            queryset.order_by().values("round").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


class ReportingRound(models.Model):
    title = models.CharField(
        _("Titel"), max_length=200, help_text=_("Zum Beispiel „Sachstand zum 31.03.2027“.")
    )
    as_of = models.DateField(_("Stichtag"), help_text=_("Der Tag, zu dem der Sachstand gilt."))
    due_on = models.DateField(_("Meldungen bis"))
    message = models.TextField(
        _("Hinweis an die Akteure"),
        blank=True,
        help_text=_("Steht in jeder Erinnerung und über dem Meldeformular."),
    )
    selection = models.JSONField(
        _("Auswahl"),
        default=dict,
        blank=True,
        help_text=_("Nach welchen Handlungsfeldern, Akteuren und Status ausgewählt wurde."),
    )
    remind_partners = models.BooleanField(
        _("Partner einbeziehen"),
        default=False,
        help_text=_(
            "Auch die Mitglieder der Partner erhalten die Erinnerungen und können eine Notiz "
            "zu den Maßnahmen schreiben."
        ),
    )
    opened_at = models.DateTimeField(_("eröffnet am"), default=timezone.now)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eröffnet von"),
    )
    closed_at = models.DateTimeField(_("abgeschlossen am"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abgeschlossen von"),
    )

    history = HistoricalRecords()
    objects = ReportingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("Berichtsrunde")
        verbose_name_plural = _("Berichtsrunden")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("as_of")),
                name="reportinground_due_not_before_as_of",
                violation_error_message=_("„Meldungen bis“ darf nicht vor dem Stichtag liegen."),
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("participation:round_detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class EntryOutcome(models.TextChoices):
    REPORTED = "reported", _("gemeldet")
    UNCHANGED = "unchanged", _("unverändert bestätigt")
    MISSING = "missing", _("fehlt")


class RoundEntryQuerySet(models.QuerySet):
    def with_outcome(self):
        """Annotate ``live_outcome``: for an open round, "reported" when a Sachstand (not only
        "unverändert") was recorded on the measure since the round opened, "unchanged" when
        only "unverändert, weiter im Plan" was, else "missing"; for a closed round the outcome
        frozen at closing. Computed in the query (no query per entry)."""
        since_opened = StatusUpdate.objects.filter(
            measure=OuterRef("measure"), created_at__gte=OuterRef("round__opened_at")
        )
        return self.annotate(
            live_outcome=Case(
                When(round__closed_at__isnull=False, then=F("outcome")),
                When(
                    Exists(since_opened.filter(unchanged=False)),
                    then=Value(EntryOutcome.REPORTED),
                ),
                When(
                    Exists(since_opened.filter(unchanged=True)),
                    then=Value(EntryOutcome.UNCHANGED),
                ),
                default=Value(EntryOutcome.MISSING),
                output_field=models.CharField(),
            )
        )


class RoundEntry(models.Model):
    """One measure in one round. Number, title, field and lead actor are copied when the round
    opens (a later renumbering or deletion does not change what the round asked); status,
    progress, indicator value and the report are frozen when the round closes."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="entries", verbose_name=_("Runde")
    )
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_entries",
        verbose_name=_("Maßnahme"),
    )
    number = models.CharField(_("Nr."), max_length=20)
    title = models.CharField(_("Titel"), max_length=300)
    action_field = models.ForeignKey(
        "concept.ActionField",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Handlungsfeld"),
    )
    lead_actor = models.ForeignKey(
        "concept.Actor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="round_entries",
        verbose_name=_("federführend"),
    )
    # frozen when the round closes
    outcome = models.CharField(_("Ergebnis"), max_length=20, choices=EntryOutcome, blank=True)
    status = models.CharField(_("Status"), max_length=20, blank=True)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), null=True, blank=True)
    indicator_value = models.DecimalField(
        _("Indikatorwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("Frist"), null=True, blank=True)
    report = models.ForeignKey(
        "measures.StatusUpdate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Sachstand"),
    )
    reported_on = models.DateField(_("gemeldet am"), null=True, blank=True)
    text = models.TextField(_("Sachstand"), blank=True)

    objects = RoundEntryQuerySet.as_manager()

    class Meta:
        ordering = ["round", "action_field__order", "number"]
        verbose_name = _("Maßnahme in der Berichtsrunde")
        verbose_name_plural = _("Maßnahmen in der Berichtsrunde")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "measure"], name="roundentry_once_per_round_and_measure"
            )
        ]

    def __str__(self):
        return f"{self.round} – {self.number}"


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class LinkState(models.TextChoices):
    ACTIVE = "active", _("gültig")
    EXPIRED = "expired", _("abgelaufen")
    REVOKED = "revoked", _("widerrufen")
    ROUND_CLOSED = "closed", _("Runde abgeschlossen")


class ReportingLink(models.Model):
    """A personal link: the contact of ``actor`` reports on its measures in ``round``."""

    round = models.ForeignKey(
        ReportingRound, on_delete=models.CASCADE, related_name="links", verbose_name=_("Runde")
    )
    actor = models.ForeignKey(
        "concept.Actor",
        on_delete=models.CASCADE,
        related_name="reporting_links",
        verbose_name=_("Akteur"),
    )
    email = models.EmailField(_("geschickt an"))
    secret_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erstellt von"),
        help_text=_("Leer: mit einer Erinnerung verschickt."),
    )
    expires_at = models.DateTimeField(_("gültig bis"))
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("widerrufen von"),
    )
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("Meldungen darüber"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("persönlicher Link")
        verbose_name_plural = _("persönliche Links")

    def __str__(self):
        return f"{self.actor} – {self.round}"

    def state(self, now=None) -> LinkState:
        """Why the link does (not) work; needs ``round`` (loaded with ``select_related``)."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return LinkState.REVOKED
        if self.round.is_closed:
            return LinkState.ROUND_CLOSED
        if self.expires_at <= now:
            return LinkState.EXPIRED
        return LinkState.ACTIVE
