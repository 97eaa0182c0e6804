"""A Revision is one edition of the concept, frozen as a hashed snapshot document."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.roles import COUNCIL, has_role, is_coordinator


class RevisionState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingefroren, vorgelegt")
    ADOPTED = "adopted", _("beschlossen")
    SUPERSEDED = "superseded", _("abgelöst")


FROZEN_STATES = (RevisionState.SUBMITTED, RevisionState.ADOPTED, RevisionState.SUPERSEDED)
DECIDED_STATES = (RevisionState.ADOPTED, RevisionState.SUPERSEDED)


def visible_revision_states(user) -> frozenset | None:
    """The states of the revisions ``user`` may read, ``None`` for every revision: the one
    definition behind ``Revision.objects.visible_to`` and the rule ``council.view_revision``."""
    if not user.is_authenticated:
        return frozenset()
    if is_coordinator(user):
        return None
    if has_role(user, COUNCIL):
        return frozenset(FROZEN_STATES)
    return frozenset(DECIDED_STATES)


class RevisionQuerySet(models.QuerySet):
    def frozen(self):
        return self.filter(state__in=FROZEN_STATES)

    def visible_to(self, user):
        """Revisions ``user`` may read (``visible_revision_states``)."""
        states = visible_revision_states(user)
        if states is None:
            return self.all()
        return self.filter(state__in=states) if states else self.none()

    def latest_frozen(self):
        return self.frozen().order_by("-number").first()

    def in_force(self):
        """The adopted edition that is valid now (None before the first adoption)."""
        return self.filter(state=RevisionState.ADOPTED).order_by("-number").first()


class Revision(models.Model):
    """An edition (Fortschreibung) of the concept.

    ``number`` 0 is the first edition, 1 the "1. Fortschreibung" and so on. Freezing writes
    ``snapshot`` (a versioned JSON document, see ``council/snapshot.py``) and its SHA-256 in one
    transaction; from then on the snapshot never changes, and once adopted nothing does.
    """

    number = models.PositiveSmallIntegerField(
        _("Nummer"),
        unique=True,
        help_text=_("0 = Erstfassung, 1 = 1. Fortschreibung, …"),
        error_messages={"unique": _("Eine Fassung mit dieser Nummer gibt es schon.")},
    )
    title = models.CharField(_("Titel"), max_length=300)
    period_start = models.DateField(_("Laufzeit von"))
    period_end = models.DateField(_("Laufzeit bis"))
    notes = models.TextField(_("Erläuterung"), blank=True)
    state = models.CharField(
        _("Stand"), max_length=20, choices=RevisionState, default=RevisionState.DRAFT
    )
    # Optional link to an evaluation cycle (the evaluation app is a lower layer that may or may
    # not provide ``evaluation.results.cycle_report``); stored as a plain id on purpose.
    evaluation_cycle_id = models.PositiveIntegerField(_("Evaluierungsrunde"), null=True, blank=True)

    snapshot = models.JSONField(_("Momentaufnahme"), null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("eingefroren am"), null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingefroren von"),
        editable=False,
    )
    decided_on = models.DateField(_("Ratsbeschluss vom"), null=True, blank=True, editable=False)
    adopting_paper = models.ForeignKey(
        "council.CouncilPaper",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beschlossen mit Drucksache"),
        editable=False,
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["snapshot"])
    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("Fassung (Fortschreibung)")
        verbose_name_plural = _("Fassungen (Fortschreibungen)")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="revision_period_end_not_before_start",
                violation_error_message=_(
                    "Das Ende der Laufzeit darf nicht vor dem Beginn liegen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=RevisionState.DRAFT) | Q(snapshot__isnull=False),
                name="revision_frozen_has_snapshot",
                violation_error_message=_("Eine eingefrorene Fassung braucht eine Momentaufnahme."),
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.title}"

    def get_absolute_url(self):
        return reverse("council:revision-detail", args=[self.pk])

    @property
    def label(self) -> str:
        if self.number == 0:
            return str(_("Erstfassung"))
        return _("%(n)d. Fortschreibung") % {"n": self.number}

    @property
    def label_dative(self) -> str:
        """The label after "von", "gegenüber", "seit": "der Erstfassung", "der 2. Fortschreibung".

        Every label is feminine (Fassung, Fortschreibung), so the dative article is "der"."""
        return _("der %(label)s") % {"label": self.label}

    @property
    def is_frozen(self) -> bool:
        return self.state in FROZEN_STATES

    @property
    def is_adopted(self) -> bool:
        return self.state in DECIDED_STATES

    def previous_frozen(self):
        return Revision.objects.frozen().filter(number__lt=self.number).order_by("-number").first()
