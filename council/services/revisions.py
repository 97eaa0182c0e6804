"""Editions of the concept: create, edit, freeze, adopt."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core import formatting

from .. import snapshot
from ..models import CouncilPaper, PaperStatus, PdfState, Revision, RevisionState


class RefusedError(ValidationError):
    """A service refuses a change (e.g. to an adopted revision); the message is German."""


EDITABLE_WHEN_FROZEN = {"title", "notes", "period_start", "period_end"}
EDITABLE_FIELDS = EDITABLE_WHEN_FROZEN | {"number", "evaluation_cycle_id"}
# What a paper's PDF shows of its attached revision (besides the frozen snapshot).
SHOWN_IN_PAPER_PDF = {"title", "period_start", "period_end"}


def next_revision_number() -> int:
    highest = Revision.objects.aggregate(n=Max("number"))["n"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def revision_create(
    *,
    user,
    title: str,
    period_start: datetime.date,
    period_end: datetime.date,
    number: int | None = None,
    notes: str = "",
    evaluation_cycle_id: int | None = None,
) -> Revision:
    revision = Revision(
        number=next_revision_number() if number is None else number,
        title=title,
        period_start=period_start,
        period_end=period_end,
        notes=notes,
        evaluation_cycle_id=evaluation_cycle_id,
    )
    revision.full_clean()
    revision.save()
    return revision


def _locked(revision: Revision) -> Revision:
    """The revision as stored, locked for this transaction."""
    return Revision.objects.select_for_update().get(pk=revision.pk)


@transaction.atomic
def revision_update(*, revision: Revision, user, **changes) -> Revision:
    """Change the describing fields; refused once adopted, the content once frozen."""
    current = _locked(revision)
    if current.is_adopted:
        raise RefusedError(_("Eine beschlossene Fassung kann nicht mehr geändert werden."))
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise RefusedError(_("Diese Felder können nicht geändert werden: %s") % sorted(unknown))
    if current.is_frozen:
        frozen = {
            k
            for k, v in changes.items()
            if k not in EDITABLE_WHEN_FROZEN and getattr(current, k) != v
        }
        if frozen:
            raise RefusedError(
                _("Nach dem Einfrieren lassen sich nur Titel, Laufzeit und Erläuterung ändern.")
            )
    shown_changed = any(
        getattr(current, k) != v for k, v in changes.items() if k in SHOWN_IN_PAPER_PDF
    )
    for name, value in changes.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    if shown_changed:
        _outdate_paper_pdfs(current)
    return current


def _outdate_paper_pdfs(revision: Revision) -> None:
    """Finished PDFs of open papers attaching ``revision`` show its old title or period."""
    papers = (
        CouncilPaper.objects.select_for_update()
        .filter(revision=revision, pdf_state=PdfState.DONE)
        .exclude(status=PaperStatus.DECIDED)
    )
    for paper in papers:  # one by one: every change is in the history
        paper.pdf_state = PdfState.OUTDATED
        paper.save()


@transaction.atomic
def revision_freeze(*, revision: Revision, user) -> Revision:
    """Write the snapshot of the concept as it is now, with its SHA-256, in one transaction."""
    current = _locked(revision)
    if current.state != RevisionState.DRAFT:
        raise RefusedError(_("Diese Fassung ist bereits eingefroren."))
    document = snapshot.build_snapshot(
        evaluation_cycle_id=current.evaluation_cycle_id, revision_number=current.number
    )
    current.snapshot = document
    current.snapshot_sha256 = snapshot.sha256_of(document)
    current.frozen_at = timezone.now()
    current.frozen_by = user if getattr(user, "is_authenticated", False) else None
    current.state = RevisionState.SUBMITTED
    current.save()
    return current


@transaction.atomic
def revision_adopt(*, revision: Revision, user, decided_on: datetime.date, paper=None) -> Revision:
    """The council adopted ``revision``: it becomes immutable; the previous one is superseded."""
    current = _locked(revision)
    if current.state != RevisionState.SUBMITTED:
        raise RefusedError(
            _("Nur eine eingefrorene, noch nicht beschlossene Fassung kann beschlossen werden.")
        )
    if not snapshot.verify(current.snapshot, current.snapshot_sha256):
        raise RefusedError(_("Die Momentaufnahme passt nicht zu ihrer Prüfsumme."))
    adopted = list(Revision.objects.select_for_update().filter(state=RevisionState.ADOPTED))
    if any(previous.number > current.number for previous in adopted):
        raise RefusedError(_("Eine neuere Fassung ist bereits beschlossen."))
    for previous in adopted:
        if previous.decided_on and decided_on < previous.decided_on:
            raise RefusedError(
                {
                    "decided_on": _(
                        "Das Datum liegt vor dem Beschluss der bisher gültigen %(label)s "
                        "(%(date)s); eine Fassung kann keine später beschlossene ablösen."
                    )
                    % {"label": previous.label, "date": formatting.date(previous.decided_on)}
                }
            )
    for previous in adopted:
        previous.state = RevisionState.SUPERSEDED
        previous.save()
    current.state = RevisionState.ADOPTED
    current.decided_on = decided_on
    current.adopting_paper = paper
    current.save()
    return current
