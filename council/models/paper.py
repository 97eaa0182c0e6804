"""Council papers (Drucksachen) and their Beratungsfolge."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from concept.branding import current as current_branding
from concept.branding import paper_number_message
from concept.roles import COUNCIL, has_role, is_coordinator


def validate_paper_number(value: str) -> None:
    """In the format set on "Gemeinde & Darstellung" (default ``{year}/{number:03d}``),
    optionally with a follow-up suffix ``/n``."""
    branding = current_branding()
    if not branding.paper_number_regex.match(value or ""):
        raise ValidationError(
            paper_number_message(branding.paper_number_format), code="paper_number"
        )


def pdf_storage():
    """Storage of rendered PDFs: the alias in COUNCIL_PDF_STORAGE (default: "default")."""
    return storages[getattr(settings, "COUNCIL_PDF_STORAGE", "default")]


class PaperKind(models.TextChoices):
    NOTICE = "mitteilung", _("Mitteilung")
    RESOLUTION = "beschlussvorlage", _("Beschlussvorlage")
    INFORMATION = "informationsvorlage", _("Informationsvorlage")


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    SUBMITTED = "submitted", _("eingebracht")
    DECIDED = "decided", _("abgeschlossen")


class PdfState(models.TextChoices):
    NONE = "none", _("noch nicht erzeugt")
    QUEUED = "queued", _("in der Warteschlange")
    RUNNING = "running", _("wird erzeugt")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")
    OUTDATED = "outdated", _("veraltet (Drucksache wurde geändert)")


RELEASED_STATUSES = (PaperStatus.SUBMITTED, PaperStatus.DECIDED)


@dataclass(frozen=True)
class PaperScope:
    """Which papers a user may read: those with a status in ``statuses`` (``None``: every
    paper), with ``public_only`` only the public ones. The one definition behind
    ``CouncilPaper.objects.visible_to`` and the rule ``council.view_councilpaper``."""

    statuses: frozenset | None
    public_only: bool = False


def paper_scope(user) -> PaperScope:
    if not user.is_authenticated:
        return PaperScope(frozenset())
    if is_coordinator(user):
        return PaperScope(None)
    if has_role(user, COUNCIL):
        return PaperScope(frozenset(RELEASED_STATUSES))
    return PaperScope(frozenset(RELEASED_STATUSES), public_only=True)


class PaperQuerySet(models.QuerySet):
    def released(self):
        return self.filter(status__in=RELEASED_STATUSES)

    def public_released(self):
        return self.released().filter(is_public=True)

    def visible_to(self, user):
        """Papers ``user`` may read (``paper_scope``)."""
        scope = paper_scope(user)
        if scope.statuses is None:
            return self.all()
        if not scope.statuses:
            return self.none()
        rows = self.filter(status__in=scope.statuses)
        return rows.filter(is_public=True) if scope.public_only else rows

    def numbers_of_year(self, year: int) -> list[tuple[int, int | None]]:
        """(serial, suffix) of the papers of ``year`` whose numbers are in the current format."""
        regex = current_branding().paper_number_regex
        return [
            (int(match["serial"]), int(match["suffix"]) if match["suffix"] else None)
            for number in self.values_list("number", flat=True)
            if (match := regex.match(number)) and int(match["year"]) == year
        ]


class CouncilPaper(models.Model):
    """A Drucksache: Mitteilung, Beschlussvorlage or Informationsvorlage."""

    number = models.CharField(
        _("Drucksachen-Nr."),
        max_length=20,
        unique=True,
        validators=[validate_paper_number],
        help_text=_("Im Format, das unter „Gemeinde & Darstellung“ eingestellt ist."),
        error_messages={"unique": _("Diese Drucksachen-Nr. ist bereits vergeben.")},
    )
    kind = models.CharField(_("Art"), max_length=30, choices=PaperKind)
    is_public = models.BooleanField(
        _("öffentlich"),
        default=True,
        help_text=_("Nicht öffentliche Vorlagen sehen nur der Rat und die Koordination."),
    )
    status = models.CharField(
        _("Stand"), max_length=20, choices=PaperStatus, default=PaperStatus.DRAFT
    )
    date = models.DateField(_("Datum"), default=timezone.localdate)
    title = models.CharField(_("Betreff"), max_length=300)
    subtitles = models.TextField(
        _("Untertitel"), blank=True, help_text=_("Eine Zeile je Untertitel.")
    )
    body = models.TextField(
        _("Text"),
        blank=True,
        help_text=_(
            "Absätze durch eine Leerzeile trennen; Aufzählungen mit „- “ beginnen, "
            "Unterpunkte mit „ - “."
        ),
    )
    proposed_resolution = models.TextField(
        _("Beschlussvorschlag"), blank=True, help_text=_("Nur bei Beschlussvorlagen.")
    )
    under_direction_of = models.CharField(_("federführend"), max_length=200, blank=True)
    prepared_by = models.CharField(_("Vorlage gefertigt von"), max_length=200, blank=True)
    co_signatures = models.CharField(_("Mitzeichnungen"), max_length=300, blank=True)
    dictation_mark = models.CharField(_("Diktatz."), max_length=50, blank=True)
    signature_intro = models.CharField(
        _("Zeichnungsformel"), max_length=50, blank=True, default="Im Auftrag"
    )
    signatory = models.CharField(_("Unterzeichnet von"), max_length=200, blank=True)

    # Attachments (Anlagen)
    revision = models.ForeignKey(
        "council.Revision",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="papers",
        verbose_name=_("Anlage: Fassung des Konzepts"),
    )
    attach_diff = models.BooleanField(_("Anlage: Änderungen zur vorigen Fassung"), default=False)
    attach_live_diff = models.BooleanField(
        _("Anlage: Änderungen seit der letzten Fassung (Stand beim Erzeugen des PDFs)"),
        default=False,
    )
    attach_evaluation = models.BooleanField(
        _("Anlage: Evaluierungsergebnisse der Fassung"), default=False
    )

    reporting_round = models.ForeignKey(
        "participation.ReportingRound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="council_papers",
        verbose_name=_("Anlage: Sachstandsbericht aus der Berichtsrunde"),
        help_text=_(
            "Nur abgeschlossene Berichtsrunden: ihre eingefrorenen Sachstände werden als "
            "Sachstandsbericht angehängt."
        ),
    )

    decided_on = models.DateField(_("Beschluss / Kenntnisnahme am"), null=True, blank=True)

    # The rendered PDF (set by council.services.rendering only)
    pdf_state = models.CharField(
        _("PDF"), max_length=20, choices=PdfState, default=PdfState.NONE, editable=False
    )
    pdf_file = models.FileField(
        _("PDF-Datei"), upload_to="council/papers/", storage=pdf_storage, blank=True, editable=False
    )
    pdf_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, editable=False)
    pdf_sha512 = models.CharField(_("SHA-512"), max_length=128, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(
        _("Größe (Bytes)"), null=True, blank=True, editable=False
    )
    pdf_rendered_at = models.DateTimeField(
        _("PDF erzeugt am"), null=True, blank=True, editable=False
    )
    pdf_task_id = models.CharField(max_length=100, blank=True, editable=False)
    pdf_error = models.TextField(_("Fehler beim Erzeugen"), blank=True, editable=False)

    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    history = HistoricalRecords()
    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-number"]
        verbose_name = _("Drucksache")
        verbose_name_plural = _("Drucksachen")

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return reverse("council:paper-detail", args=[self.pk])

    @property
    def subtitle_lines(self) -> list[str]:
        return [line.strip() for line in self.subtitles.splitlines() if line.strip()]

    @property
    def is_released(self) -> bool:
        return self.status in RELEASED_STATUSES

    @property
    def is_decided(self) -> bool:
        return self.status == PaperStatus.DECIDED

    @property
    def has_pdf(self) -> bool:
        return bool(self.pdf_file) and self.pdf_state in (PdfState.DONE, PdfState.OUTDATED)

    @property
    def has_status_report(self) -> bool:
        """A closed reporting round is attached (paper_save refuses an open one); reads
        ``reporting_round``: select it with the paper."""
        return self.reporting_round_id is not None and self.reporting_round.is_closed

    @property
    def status_report_filename(self) -> str:
        return f"Sachstandsbericht-{self.reporting_round.as_of:%Y-%m-%d}.pdf"

    @property
    def public_pdf_url(self) -> str:
        """The PDF download without login (OParl), or "" when the paper or its PDF is not public."""
        if not (self.is_public and self.is_released and self.has_pdf):
            return ""
        return reverse("council:oparl-file-download", args=[self.pk])

    @property
    def pdf_filename(self) -> str:
        return f"Drucksache-{self.number.replace('/', '-')}.pdf"

    def decision_meeting_date(self):
        """The meeting date of the (last) Beschlussfassung in the Beratungsfolge, or None."""
        dates = [
            c.meeting_date
            for c in self.consultations.all()
            if c.role == ConsultationRole.DECISION and c.meeting_date
        ]
        return dates[-1] if dates else None


class ConsultationRole(models.TextChoices):
    NOTICE = "kenntnisnahme", _("Kenntnisnahme")
    PRELIMINARY = "vorberatung", _("Vorberatung")
    DECISION = "beschlussfassung", _("Beschlussfassung")


CONSULTATION_ROLE_AUTHORITATIVE = {ConsultationRole.DECISION}


class Consultation(models.Model):
    """One row of the Beratungsfolge: body, meeting date, TOP and role."""

    paper = models.ForeignKey(
        CouncilPaper,
        on_delete=models.CASCADE,
        related_name="consultations",
        verbose_name=_("Drucksache"),
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    body_name = models.CharField(_("Gremium"), max_length=200)
    meeting_date = models.DateField(_("Sitzung am"), null=True, blank=True)
    agenda_item = models.CharField(_("TOP"), max_length=20, blank=True)
    role = models.CharField(
        _("Zuständigkeit"), max_length=20, choices=ConsultationRole, default=ConsultationRole.NOTICE
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["paper", "position", "pk"]
        verbose_name = _("Beratung")
        verbose_name_plural = _("Beratungsfolge")

    def __str__(self):
        return f"{self.body_name} ({self.get_role_display()})"

    @property
    def authoritative(self) -> bool:
        return self.role in CONSULTATION_ROLE_AUTHORITATIVE
