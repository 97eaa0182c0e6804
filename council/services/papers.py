"""Council papers: numbers, saving with the Beratungsfolge, submitting, deciding."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concept.branding import current as current_branding
from core import formatting

from ..models import (
    Consultation,
    ConsultationRole,
    CouncilPaper,
    PaperKind,
    PaperStatus,
    PdfState,
)
from .revisions import RefusedError, revision_adopt

CONSULTATION_FIELDS = ("body_name", "meeting_date", "agenda_item", "role")
# Everything the PDF shows; a change to any of these makes a rendered PDF outdated.
CONTENT_FIELDS = (
    "number",
    "kind",
    "is_public",
    "date",
    "title",
    "subtitles",
    "body",
    "proposed_resolution",
    "under_direction_of",
    "prepared_by",
    "co_signatures",
    "dictation_mark",
    "signature_intro",
    "signatory",
    "revision_id",
    "attach_diff",
    "attach_live_diff",
    "attach_evaluation",
    "reporting_round_id",
)

OPEN_ROUND = gettext_lazy(
    "Die Berichtsrunde „%(title)s“ ist noch nicht abgeschlossen. Als Sachstandsbericht lässt "
    "sich nur eine abgeschlossene Runde anhängen: ihre Sachstände sind dann eingefroren."
)


def _content(paper: CouncilPaper, consultations) -> tuple:
    rows = tuple(
        tuple(row.get(name) or None for name in CONSULTATION_FIELDS) for row in consultations
    )
    return tuple(getattr(paper, name) for name in CONTENT_FIELDS), rows


def _stored_consultations(paper: CouncilPaper) -> list[dict]:
    return [
        {name: getattr(c, name) for name in CONSULTATION_FIELDS}
        for c in paper.consultations.order_by("position", "pk")
    ]


def consultation_order_problems(consultations: list[dict]) -> list[tuple[int, str, str]]:
    """What is wrong with the order of a Beratungsfolge: [(row index, field, German message)].

    The meetings are in date order (rows without a date are not compared), and the
    Beschlussfassung is the last consultation.
    """
    problems = []
    previous = None  # the last row with a date
    decision = None  # the Beschlussfassung, once passed
    for index, row in enumerate(consultations):
        if decision is not None:
            problems.append(
                (
                    index,
                    "role",
                    _(
                        "Nach der Beschlussfassung (%(body)s) kann keine Beratung mehr folgen; "
                        "bitte die Reihenfolge ändern."
                    )
                    % {"body": decision["body_name"]},
                )
            )
        date = row.get("meeting_date")
        if date and previous is not None and date < previous["meeting_date"]:
            problems.append(
                (
                    index,
                    "meeting_date",
                    _(
                        "Diese Sitzung liegt vor der vorherigen Beratung (%(body)s am %(date)s); "
                        "bitte Datum oder Reihenfolge prüfen."
                    )
                    % {
                        "body": previous["body_name"],
                        "date": formatting.date(previous["meeting_date"]),
                    },
                )
            )
        if date:
            previous = row
        if row.get("role") == ConsultationRole.DECISION and decision is None:
            decision = row
    return problems


def next_paper_number(year: int | None = None) -> str:
    """The next free base number of ``year`` (default: this year), in the municipality's
    format (``YYYY/NNN`` unless "Gemeinde & Darstellung" sets another)."""
    year = year or timezone.localdate().year
    serials = [serial for serial, _suffix in CouncilPaper.objects.numbers_of_year(year)]
    return current_branding().format_paper_number(year=year, serial=max(serials, default=0) + 1)


def _stored(paper: CouncilPaper) -> CouncilPaper | None:
    if paper.pk is None:
        return None
    return CouncilPaper.objects.select_for_update().get(pk=paper.pk)


@transaction.atomic
def paper_save(*, paper: CouncilPaper, user, consultations: list[dict]) -> CouncilPaper:
    """Create or change a paper and its ordered Beratungsfolge (``consultations`` in order).

    Refused once the paper is decided. A stored PDF becomes "outdated" when the paper changes.
    """
    stored = _stored(paper)
    if stored is not None:
        if stored.is_decided:
            raise RefusedError(_("Eine abgeschlossene Drucksache kann nicht mehr geändert werden."))
        # Fields only services set are taken from the database, never from the form.
        for name in ("status", "decided_on", "pdf_state", "pdf_file", "pdf_sha256", "pdf_sha512"):
            setattr(paper, name, getattr(stored, name))
        unchanged = _content(stored, _stored_consultations(stored)) == _content(
            paper, consultations
        )
        if stored.pdf_state == PdfState.DONE and not unchanged:
            paper.pdf_state = PdfState.OUTDATED
    if paper.revision_id and not paper.revision.is_frozen:
        raise RefusedError(_("Als Anlage kann nur eine eingefrorene Fassung dienen."))
    if paper.revision_id and paper.kind == PaperKind.RESOLUTION and paper.revision.is_adopted:
        # its decision would adopt the revision, which the council has decided on already
        raise RefusedError(
            {
                "revision": _(
                    "Die %(label)s ist bereits beschlossen; eine Beschlussvorlage kann nur eine "
                    "noch nicht beschlossene Fassung zum Beschluss vorlegen. Als Anlage zur "
                    "Kenntnis bitte eine Mitteilung oder Informationsvorlage wählen."
                )
                % {"label": paper.revision.label}
            }
        )
    if paper.reporting_round_id and not paper.reporting_round.is_closed:
        raise RefusedError({"reporting_round": OPEN_ROUND % {"title": paper.reporting_round.title}})
    problems = consultation_order_problems(consultations)
    if problems:
        raise RefusedError([message for _index, _field, message in problems])
    paper.full_clean()
    paper.save()
    existing = list(paper.consultations.order_by("position", "pk"))
    for position, data in enumerate(consultations):
        row = existing[position] if position < len(existing) else Consultation(paper=paper)
        row.position = position
        for name in CONSULTATION_FIELDS:
            setattr(row, name, data.get(name) or ("" if name != "meeting_date" else None))
        row.full_clean()
        row.save()
    for row in existing[len(consultations) :]:
        row.delete()
    return paper


def paper_content(paper: CouncilPaper) -> tuple:
    """What the PDF of the stored ``paper`` shows: its fields and its Beratungsfolge."""
    return _content(paper, _stored_consultations(paper))


@transaction.atomic
def paper_outdate_pdf_if_changed(*, paper: CouncilPaper, before: tuple) -> CouncilPaper:
    """Mark a finished PDF outdated when the paper's content differs from ``before``.

    For changes made outside :func:`paper_save` (the admin's change form and its inline
    Beratungsfolge); ``before`` is :func:`paper_content` taken before the change.
    """
    stored = _stored(paper)
    if stored.pdf_state == PdfState.DONE and paper_content(stored) != before:
        stored.pdf_state = PdfState.OUTDATED
        stored.save()
    return stored


@transaction.atomic
def paper_submit(*, paper: CouncilPaper, user) -> CouncilPaper:
    """Release a draft to the council (its readers see it from now on)."""
    stored = _stored(paper)
    if stored.status != PaperStatus.DRAFT:
        raise RefusedError(_("Die Drucksache ist bereits eingebracht."))
    stored.status = PaperStatus.SUBMITTED
    stored.save()
    return stored


def _check_decision_date(paper: CouncilPaper, decided_on: datetime.date) -> None:
    """A decision is dated between the paper (and the freeze of its revision) and today."""
    problems = []
    if decided_on > timezone.localdate():
        problems.append(
            _(
                "Das Datum liegt in der Zukunft; bitte das Datum der Sitzung angeben, in der "
                "entschieden wurde."
            )
        )
    if decided_on < paper.date:
        problems.append(
            _("Das Datum liegt vor dem Datum der Drucksache (%(date)s).")
            % {"date": formatting.date(paper.date)}
        )
    revision = paper.revision
    if revision is not None and revision.frozen_at:
        frozen_on = timezone.localdate(revision.frozen_at)
        if decided_on < frozen_on:
            problems.append(
                _("Das Datum liegt vor dem Einfrieren der angehängten %(label)s (%(date)s).")
                % {"label": revision.label, "date": formatting.date(frozen_on)}
            )
    if problems:
        raise RefusedError({"decided_on": problems})


@transaction.atomic
def paper_record_decision(*, paper: CouncilPaper, user, decided_on: datetime.date) -> CouncilPaper:
    """The council decided (or took note). A Beschlussvorlage adopts its revision.

    Requires an up-to-date PDF: that PDF is what the council decided on and is frozen from now.
    The date is not before the paper, nor before the freeze of its revision, nor in the future
    (errors keyed ``decided_on``); this cannot be undone.
    """
    stored = _stored(paper)
    if stored.status != PaperStatus.SUBMITTED:
        raise RefusedError(_("Nur eine eingebrachte Drucksache kann abgeschlossen werden."))
    if stored.pdf_state != PdfState.DONE:
        raise RefusedError(
            _("Bitte zuerst das PDF erzeugen: Der Rat beschließt über ein bestimmtes Dokument.")
        )
    _check_decision_date(stored, decided_on)
    stored.status = PaperStatus.DECIDED
    stored.decided_on = decided_on
    stored.save()
    if stored.kind == PaperKind.RESOLUTION and stored.revision_id:
        stored.revision = revision_adopt(
            revision=stored.revision, user=user, decided_on=decided_on, paper=stored
        )
    return stored
