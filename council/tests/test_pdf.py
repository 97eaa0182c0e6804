"""The Drucksache PDF: what it shows, that it is tagged, and that user text cannot fetch."""

import datetime
import io

import pytest
from pypdf import PdfReader

from concept.tests.factories import ActorFactory, action_field
from council.models import PaperKind
from council.renderers import paper as paper_renderer
from council.tests.factories import ConsultationFactory, CouncilPaperFactory, frozen_revision
from measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def resolution(coordinator):
    MeasureFactory(
        number="1.1",
        title="Willkommensmappe",
        lead_actor=ActorFactory(name="Team Soziales"),
        deadline=datetime.date(2027, 6, 30),
    )
    MeasureFactory(number="3.1", title="Sprachcafé", action_field=action_field(3))
    revision = frozen_revision(coordinator)
    paper = CouncilPaperFactory(
        number="2026/077/1",
        kind=PaperKind.RESOLUTION,
        title="Handlungskonzept Integration – Erstfassung",
        subtitles="- Antrag im Rat -",
        proposed_resolution="Der Rat beschließt das Konzept.",
        revision=revision,
        is_public=False,
    )
    ConsultationFactory(
        paper=paper, position=0, body_name="Sozialausschuss", agenda_item="5", role="vorberatung"
    )
    ConsultationFactory(
        paper=paper,
        position=1,
        body_name="Rat der Stadt",
        meeting_date=datetime.date(2026, 7, 2),
        agenda_item="12",
        role="beschlussfassung",
    )
    return paper


def test_pdf_shows_kind_number_beratungsfolge_title_and_measure_tables(resolution):
    filename, mimetype, pdf = paper_renderer.render(resolution)
    assert filename == "Drucksache-2026-077-1.pdf"
    assert mimetype == "application/pdf"
    text = _text(pdf)
    for expected in [
        "Stadt Laatzen",
        "Beschlussvorlage",
        "- nichtöffentlich -",
        "Drucksachen-Nr.: 2026/077/1",
        "Sozialausschuss",
        "Vorberatung",
        "Rat der Stadt",
        "am 02.07.2026",
        "Beschlussfassung",
        "Handlungskonzept Integration – Erstfassung",
        "- Antrag im Rat -",
        "Beschlussvorschlag",
        "Der Rat beschließt das Konzept.",
        "Vorlage gefertigt von",
        "Mitzeichnungen",
        "Diktatz.",
        "Im Auftrag",
        f"Anlage: {resolution.revision.label}",
        "Handlungsfeld 1: Willkommenskultur",
        "Willkommensmappe",
        "Team Soziales",
        "30.06.2027",
        "12.500,00 €",
        "in Umsetzung",
        "Handlungsfeld 3: Bildung und Sprache",
        "Sprachcafé",
    ]:
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(pdf))
    for number, page in enumerate(reader.pages, start=1):
        page_text = page.extract_text()
        assert "Drucksachen-Nr. 2026/077/1" in page_text
        assert f"Seite {number} von {len(reader.pages)}" in page_text


def test_pdf_is_tagged_german_and_titled(resolution):
    reader = PdfReader(io.BytesIO(paper_renderer.render(resolution)[2]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("de")
    assert "2026/077/1" in reader.metadata.title


def _structure_types(pdf: bytes) -> list[str]:
    """The structure element types (/S) of the tag tree, depth first."""
    reader = PdfReader(io.BytesIO(pdf))
    types, stack = [], [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, dict):  # a marked-content id
            continue
        if "/S" in node:
            types.append(str(node["/S"]))
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else []
        if not isinstance(kids, list):
            kids = [kids]
        stack.extend(reversed(kids))
    return types


def test_pdf_measures_are_headings_with_labelled_facts(resolution):
    html = paper_renderer.render_html(resolution)
    assert html.count('<h4 class="measure">') == 2
    pdf = paper_renderer.render(resolution)[2]
    text = _text(pdf)
    assert "Maßnahmen im Handlungsfeld 1 (1)" in text
    assert "1.1 Willkommensmappe" in text
    assert "federführend: Team Soziales · Frist: 30.06.2027 · Status: in Umsetzung" in text
    assert "Ressourcen: 200,0 Std./Jahr · 12.500,00 € · (städtischer Haushalt)" in text
    assert "Keine Maßnahmen in diesem Handlungsfeld." in text
    types = [t for t in _structure_types(pdf) if t in ("/H2", "/H3", "/H4")]
    # the edition's heading, then per action field its heading and its measures' headings
    assert types[types.index("/H3") - 1] == "/H2"
    assert types.count("/H3") == 7 and types.count("/H4") == 2
    field_3 = [i for i, t in enumerate(types) if t == "/H3"][2]
    assert types[field_3 + 1] == "/H4"


def test_pdf_lists_are_real_lists_and_text_is_escaped(coordinator):
    paper = CouncilPaperFactory(body="<b>fett</b> & Co.\n\n- eins\n - zwei")
    html = paper_renderer.render_html(paper)
    assert "&lt;b&gt;fett&lt;/b&gt; &amp; Co." in html
    assert "<ul><li>eins<ul><li>zwei</li></ul></li></ul>" in html


TEXT_FIELDS = [
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
]


def test_no_text_field_can_embed_files_or_fetch_urls(counting_server, coordinator):
    base, hits = counting_server
    evil = (
        '<a rel="attachment" href="file:///etc/passwd">A</a>'
        f'<img src="{base}/x.png">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
    )
    values = {}
    for name in TEXT_FIELDS:
        max_length = CouncilPaperFactory._meta.model._meta.get_field(name).max_length
        values[name] = evil[:max_length] if max_length and max_length < len(evil) else evil
    paper = CouncilPaperFactory(kind=PaperKind.RESOLUTION, **values)
    ConsultationFactory(paper=paper, body_name=evil[:200], agenda_item=f"<img src='{base}/t'>"[:20])
    html = paper_renderer.render_html(paper)
    assert '<a rel="attachment"' not in html
    assert f'<img src="{base}' not in html
    pdf = paper_renderer.render(paper)[2]
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert hits == []
    assert b"root:x:0:" not in pdf
    assert '<arel="attachment"href="file:///etc/passwd">' in _text(pdf).replace(" ", "")


def test_pdf_attaches_the_diff_to_the_previous_revision_and_the_evaluation(
    monkeypatch, coordinator
):
    import sys
    import types

    fake = types.ModuleType("evaluation.results")
    fake.cycle_report = lambda cycle_id: {
        "title": "Evaluierung 2027",
        "columns": ["Maßnahme", "Zielerreichung"],
        "rows": [["1.1", "weitgehend erreicht"]],
    }
    monkeypatch.setitem(sys.modules, "evaluation.results", fake)
    measure = MeasureFactory(number="1.1", title="Willkommensmappe", budget_amount=6500)
    frozen_revision(coordinator, number=1)
    measure.budget_amount = 8000
    measure.save()
    current = frozen_revision(coordinator, number=2, evaluation_cycle_id=3)
    paper = CouncilPaperFactory(revision=current, attach_diff=True, attach_evaluation=True)
    text = _text(paper_renderer.render(paper)[2])
    assert "Anlage: Änderungen gegenüber der 1. Fortschreibung" in text
    assert "Finanzmittel von 6.500,00 € auf 8.000,00 € erhöht" in text
    assert "Anlage: Evaluierung 2027" in text
    assert "weitgehend erreicht" in text


def test_pdf_attaches_the_changes_since_the_last_revision(coordinator):
    measure = MeasureFactory(number="1.1", title="Willkommensmappe")
    frozen_revision(coordinator, number=1)
    measure.deadline = datetime.date(2028, 6, 30)
    measure.save()
    paper = CouncilPaperFactory(attach_live_diff=True)
    text = _text(paper_renderer.render(paper)[2])
    assert "Anlage: Änderungen seit der 1. Fortschreibung" in text
    assert "Frist vom 31.12.2027 auf 30.06.2028 verschoben" in text
