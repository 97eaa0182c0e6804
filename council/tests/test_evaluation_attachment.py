"""An edition linked to an evaluation cycle freezes the cycle's results and shows them."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from council.forms import RevisionForm
from council.snapshot import build_snapshot
from council.tests.factories import CouncilPaperFactory, RevisionFactory, frozen_revision
from evaluation.services import cycle_close
from evaluation.tests.factories import finalise, start_cycle
from measures.tests.factories import MeasureFactory

PRELIMINARY = "vorläufig – Evaluierung läuft noch"


def close_cycle(cycle):
    cycle_close(cycle=cycle, user=None, close_open=True)


def _pdf_text(paper) -> str:
    from council.renderers import paper as paper_renderer

    _, _, pdf = paper_renderer.render(paper)
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


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
def test_revision_form_offers_the_evaluation_cycles_and_says_which_still_run():
    cycle = start_cycle()
    choices = dict(RevisionForm().fields["evaluation_cycle_id"].choices)
    assert choices[cycle.pk] == f"{cycle} – läuft noch (vorläufige Ergebnisse)"
    close_cycle(cycle)
    choices = dict(RevisionForm().fields["evaluation_cycle_id"].choices)
    assert choices[cycle.pk] == str(cycle)


@pytest.mark.django_db
def test_paper_pdf_contains_the_evaluation_attachment():
    from council.renderers import paper as paper_renderer

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


@pytest.mark.django_db
def test_snapshot_records_whether_the_cycle_was_still_running():
    MeasureFactory()
    cycle = start_cycle()
    assert build_snapshot(evaluation_cycle_id=cycle.pk)["evaluation"]["cycle_state"] == "open"
    close_cycle(cycle)
    assert build_snapshot(evaluation_cycle_id=cycle.pk)["evaluation"]["cycle_state"] == "closed"


@pytest.mark.django_db
def test_freeze_page_warns_when_the_chosen_cycle_is_still_running(client, coordinator):
    cycle = start_cycle()
    revision = RevisionFactory(evaluation_cycle_id=cycle.pk)
    client.force_login(coordinator)
    url = reverse("council:revision-freeze", args=[revision.pk])
    html = client.get(url).content.decode()
    assert f"Die gewählte Evaluierungsrunde „{cycle.title}“ läuft noch." in html
    assert PRELIMINARY in html
    close_cycle(cycle)
    html = client.get(url).content.decode()
    assert "läuft noch" not in html


@pytest.mark.django_db
def test_preliminary_results_are_labelled_on_the_revision_page_and_in_the_pdf(client, coordinator):
    MeasureFactory()
    cycle = start_cycle()
    revision = frozen_revision(coordinator, evaluation_cycle_id=cycle.pk)
    close_cycle(cycle)  # closing later does not make the frozen results final
    client.force_login(coordinator)
    html = client.get(revision.get_absolute_url()).content.decode()
    assert f"{cycle.title}" in html and PRELIMINARY in html
    paper = CouncilPaperFactory(revision=revision, attach_evaluation=True)
    text = _pdf_text(paper)
    assert PRELIMINARY in text.replace("\n", " ")


@pytest.mark.django_db
def test_final_results_carry_no_preliminary_label_and_the_pdf_names_the_annex_once(
    client, coordinator
):
    MeasureFactory()
    cycle = start_cycle()
    for assessment in cycle.assessments.all():
        finalise(assessment)
    close_cycle(cycle)
    revision = frozen_revision(coordinator, evaluation_cycle_id=cycle.pk)
    client.force_login(coordinator)
    assert "vorläufig" not in client.get(revision.get_absolute_url()).content.decode()
    text = _pdf_text(CouncilPaperFactory(revision=revision, attach_evaluation=True))
    assert "vorläufig" not in text
    assert text.count("Evaluierungsergebnisse: Evaluierung 2026–2027") == 1
