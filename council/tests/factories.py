import datetime
import hashlib

import factory
from django.core.files.base import ContentFile

from core.tests.fakes import FAKE_PDF
from council.models import (
    Consultation,
    ConsultationRole,
    CouncilPaper,
    PaperKind,
    PaperStatus,
    PdfState,
    Revision,
)
from council.services import revision_adopt, revision_freeze


class RevisionFactory(factory.django.DjangoModelFactory):
    """A draft edition; use ``frozen_revision``/``adopted_revision`` for later states."""

    class Meta:
        model = Revision

    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Handlungskonzept, Fassung {n}")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2027, 12, 31)


def frozen_revision(user=None, **kwargs) -> Revision:
    return revision_freeze(revision=RevisionFactory(**kwargs), user=user)


def adopted_revision(user=None, decided_on=datetime.date(2026, 3, 1), **kwargs) -> Revision:
    return revision_adopt(
        revision=frozen_revision(user, **kwargs), user=user, decided_on=decided_on
    )


class CouncilPaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilPaper

    # JJJJ/NNN: a new year after every 900 papers, so the number keeps its form in long runs
    number = factory.Sequence(lambda n: f"{2026 + n // 900}/{n % 900 + 100:03d}")
    kind = PaperKind.NOTICE
    is_public = True
    status = PaperStatus.SUBMITTED
    date = datetime.date(2026, 5, 4)
    title = factory.Sequence(lambda n: f"Sachstand Integration {n}")
    body = "Erster Absatz.\n\n- Punkt eins\n- Punkt zwei\n - Unterpunkt"
    prepared_by = "Koordination"
    dictation_mark = "50 KIT"
    signatory = "Erika Muster"


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    paper = factory.SubFactory(CouncilPaperFactory)
    position = factory.Sequence(lambda n: n)
    body_name = "Ausschuss für Gesellschaft, Soziales, Kultur und Sport"
    meeting_date = datetime.date(2026, 6, 10)
    agenda_item = "4"
    role = ConsultationRole.NOTICE


def with_fake_pdf(paper: CouncilPaper, data: bytes = FAKE_PDF) -> CouncilPaper:
    """Give a paper a stored "PDF" without rendering (for tests about access, not content)."""
    paper.pdf_file.save(paper.pdf_filename, ContentFile(data), save=False)
    paper.pdf_state = PdfState.DONE
    paper.pdf_sha256 = hashlib.sha256(data).hexdigest()
    paper.pdf_sha512 = hashlib.sha512(data).hexdigest()
    paper.pdf_size = len(data)
    paper.pdf_rendered_at = datetime.datetime(2026, 5, 4, 10, 0, tzinfo=datetime.UTC)
    paper.save()
    return paper


def reporting_round(*, closed: bool = True, entries=(), **kwargs):
    """A reporting round (participation) with ``entries``: dicts of RoundEntry values
    (number, title, action_field, lead_actor, and once closed outcome, status, progress,
    reported_on, text). Closed: as the round's closing leaves it, with frozen values."""
    from django.utils import timezone

    from participation.models import ReportingRound, RoundEntry

    values = {
        "title": "Sachstand zum 31.03.2027",
        "as_of": datetime.date(2027, 3, 31),
        "due_on": datetime.date(2027, 4, 15),
        **kwargs,
    }
    if closed:
        values.setdefault("closed_at", timezone.now())
    round_ = ReportingRound.objects.create(**values)
    for entry in entries:
        RoundEntry.objects.create(round=round_, **entry)
    return round_
