"""render_paper writes a PDF; the demo holds the reference notice and an adopted edition."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from council.models import CouncilPaper, PaperKind, PaperStatus, PdfState, Revision, RevisionState
from council.tests.factories import ConsultationFactory, CouncilPaperFactory

pytestmark = pytest.mark.django_db


def test_render_paper_writes_the_pdf(tmp_path):
    paper = CouncilPaperFactory(number="2018/222/1", title="Handlungskonzept")
    ConsultationFactory(paper=paper)
    out = tmp_path / "drs.pdf"
    stdout = io.StringIO()
    call_command("render_paper", "2018/222/1", "--output", str(out), stdout=stdout)
    text = PdfReader(out).pages[0].extract_text()
    assert "2018/222/1" in text and "Handlungskonzept" in text
    assert "2018/222/1" in stdout.getvalue()


def test_render_paper_with_unknown_number_fails_clearly(tmp_path):
    with pytest.raises(CommandError, match="Keine Drucksache"):
        call_command("render_paper", "2099/999", "--output", str(tmp_path / "x.pdf"))


def test_demo_has_the_reference_notice_and_an_adopted_revision(demo_data):
    notice = CouncilPaper.objects.get(number="2018/222/1")
    assert notice.kind == PaperKind.NOTICE
    assert notice.dictation_mark == "50 TMK"
    assert notice.pdf_state == PdfState.DONE
    resolution = CouncilPaper.objects.get(kind=PaperKind.RESOLUTION)
    assert resolution.status == PaperStatus.DECIDED
    assert resolution.consultations.count() == 3
    revision = Revision.objects.get()
    assert revision.state == RevisionState.ADOPTED
    assert revision.adopting_paper == resolution
    counts = (CouncilPaper.objects.count(), Revision.objects.count())
    call_command("loaddemo", stdout=io.StringIO())
    assert (CouncilPaper.objects.count(), Revision.objects.count()) == counts
