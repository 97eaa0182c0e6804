"""An edition linked to an evaluation cycle freezes the cycle's results and shows them."""

import io

import pytest
from pypdf import PdfReader

from council.forms import RevisionForm
from council.snapshot import build_snapshot
from evaluation.tests.factories import finalise, start_cycle
from measures.tests.factories import MeasureFactory


@pytest.mark.django_db
def test_snapshot_carries_the_evaluation_results_per_field():
    MeasureFactory()
    cycle = start_cycle()
    for assessment in cycle.assessments.all():
        finalise(assessment)
    doc = build_snapshot(evaluation_cycle_id=cycle.pk)
    report = doc["evaluation"]
    assert report["title"].startswith("Evaluierungsergebnisse: Evaluierung 2026–2027")
    assert [row[0] for row in report["rows"]][:7] == [
        "1. Willkommenskultur",
        "2. Wohnen und Leben",
        "3. Bildung und Sprache",
        "4. Wirtschaft und Arbeit",
        "5. Teilhabe",
        "6. Interkulturelle Öffnung",
        "7. Vernetzung",
    ]
    assert report["rows"][-1][0] == "Gesamt"
    assert report["rows"][-1][2] == "1"


@pytest.mark.django_db
def test_revision_form_offers_the_evaluation_cycles():
    cycle = start_cycle()
    form = RevisionForm()
    assert (cycle.pk, str(cycle)) in list(form.fields["evaluation_cycle_id"].choices)


@pytest.mark.django_db
def test_paper_pdf_contains_the_evaluation_attachment():
    from council.renderers import paper as paper_renderer
    from council.tests.factories import CouncilPaperFactory, frozen_revision

    MeasureFactory()
    cycle = start_cycle()
    for assessment in cycle.assessments.all():
        finalise(assessment)
    revision = frozen_revision(evaluation_cycle_id=cycle.pk)
    paper = CouncilPaperFactory(revision=revision, attach_evaluation=True)
    _, _, pdf = paper_renderer.render(paper)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Evaluierungsergebnisse" in text
    assert "Willkommenskultur" in text
