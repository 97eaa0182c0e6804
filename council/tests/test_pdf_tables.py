"""Tables of the Drucksache PDF that run over several pages.

WeasyPrint repeats a table's <thead> on every page by itself. These tests read the text of each
page and check that every page showing rows of a table shows its header row exactly once (never
missing, never doubled by a hand-made header row), that the caption is printed once, on the page
where the table starts, and that a caption is never left alone at the bottom of a page.
"""

import io
import sys
import types

import pytest
from django.template.loader import render_to_string
from pypdf import PdfReader

from core.pdf import render_pdf
from council.diff import ConceptDiff, FieldDiff, MeasureChange
from council.renderers import paper as paper_renderer
from council.tests.factories import ConsultationFactory, CouncilPaperFactory, frozen_revision

pytestmark = pytest.mark.django_db

CONSULTATION_HEADER = "Gremium Sitzung am TOP Zuständigkeit"
DIFF_HEADER = "Nr. Maßnahme Art Änderungen"
EVALUATION_HEADER = "Maßnahme Zielerreichung Bewertung"


def _pages(pdf: bytes) -> list[list[str]]:
    """The text lines of each page, whitespace normalised."""
    return [
        [" ".join(line.split()) for line in page.extract_text().splitlines()]
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def _assert_header_once_per_page(pages, header: str, row_prefix: str) -> int:
    """Every page with rows starting with ``row_prefix`` has ``header`` exactly once, above
    its first row; pages without rows have no header. Returns the number of such pages."""
    with_rows = 0
    for number, lines in enumerate(pages, start=1):
        rows = [i for i, line in enumerate(lines) if line.startswith(row_prefix)]
        headers = [i for i, line in enumerate(lines) if line == header]
        if not rows:
            assert headers == [], f"page {number}: header without rows"
            continue
        with_rows += 1
        assert len(headers) == 1, f"page {number}: header {len(headers)} times"
        assert headers[0] < rows[0], f"page {number}: header below the first row"
    return with_rows


def _changes(prefix: str, count: int) -> list[MeasureChange]:
    return [
        MeasureChange(
            measure={"number": f"{prefix}.{n}", "title": f"Vorhaben {prefix}.{n}"},
            sentences=["Frist vom 31.12.2027 auf 30.06.2028 verschoben."],
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def long_paper(monkeypatch, coordinator):
    """A paper with a 45-row Beratungsfolge, a 40-row diff table, an 80-row evaluation."""
    report = types.ModuleType("evaluation.results")
    report.cycle_report = lambda cycle_id: {
        "title": "Evaluierung 2027",
        "columns": ["Maßnahme", "Zielerreichung", "Bewertung"],
        "rows": [[f"E-{n:03d}", "weitgehend erreicht", "gut"] for n in range(80)],
    }
    monkeypatch.setitem(sys.modules, "evaluation.results", report)
    revision = frozen_revision(coordinator, evaluation_cycle_id=3)
    paper = CouncilPaperFactory(revision=revision, attach_diff=True, attach_evaluation=True)
    for n in range(45):
        ConsultationFactory(paper=paper, position=n, body_name=f"Beirat {n:02d}")
    diff = ConceptDiff(fields=[FieldDiff(number=1, name="Willkommenskultur")])
    diff.fields[0].changed = _changes("1", 40)
    monkeypatch.setattr(
        paper_renderer,
        "attachment_context",
        lambda paper: {
            "revision": revision,
            "revision_tables": [],
            "previous_revision": revision,
            "diff": diff,
            "evaluation": {**report.cycle_report(3), "preliminary": False},
        },
    )
    return paper


def test_every_page_of_a_long_table_has_its_header_row_exactly_once(long_paper):
    pdf = paper_renderer.render(long_paper)[2]
    pages = _pages(pdf)
    text = [" ".join(lines) for lines in pages]
    assert _assert_header_once_per_page(pages, CONSULTATION_HEADER, "Beirat ") >= 2
    assert _assert_header_once_per_page(pages, DIFF_HEADER, "1.") >= 2
    assert _assert_header_once_per_page(pages, EVALUATION_HEADER, "E-") >= 2
    # every row is printed once: none lost or doubled at a page break
    rows = [line for lines in pages for line in lines]
    assert sorted(r.split()[1] for r in rows if r.startswith("Beirat ")) == [
        f"{n:02d}" for n in range(45)
    ]
    assert len([r for r in rows if r.startswith("E-")]) == 80
    # captions once, on the page where the table starts (with its header row below)
    for caption, header in (
        ("Beratungsfolge", CONSULTATION_HEADER),
        ("Änderungen im Handlungsfeld 1", DIFF_HEADER),
    ):
        [page] = [p for p, lines in enumerate(pages) if caption in lines]
        assert sum(t.count(caption) for t in text) == 1, caption
        assert pages[page].index(caption) + 1 == pages[page].index(header), caption
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]  # still tagged


def test_the_pdf_tables_have_real_header_cells_and_captions(long_paper):
    html = paper_renderer.render_html(long_paper)
    # header cells, not styled data cells; no header row inside a tbody
    for header in ("Gremium", "Nr.", "Zielerreichung"):
        assert f'<th scope="col">{header}</th>' in html
    for body in html.split("<tbody>")[1:]:
        assert 'scope="col"' not in body.split("</tbody>")[0]
    assert "<caption>Beratungsfolge</caption>" in html
    assert "<caption>Änderungen im Handlungsfeld 1</caption>" in html


def _diff_annex(filler_mm: int) -> bytes:
    """A page-high box, then two fields of changes: the second one's caption lands at another
    height of the page for every ``filler_mm``."""
    first = FieldDiff(number=1, name="Willkommenskultur")
    first.changed = _changes("1", 2)
    second = FieldDiff(number=2, name="Arbeit und Ausbildung")
    second.changed = _changes("2", 4)
    body = render_to_string(
        "council/includes/diff_tables.html",
        {"diff": ConceptDiff(fields=[first, second]), "heading_level": 3},
    )
    return render_pdf(
        '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Anlage</title>'
        '<link rel="stylesheet" href="/static/council/css/pdf.css"></head><body>'
        f'<div style="height: {filler_mm}mm"></div>{body}</body></html>'
    )


def test_a_caption_is_never_left_alone_at_the_bottom_of_a_page():
    caption = "Änderungen im Handlungsfeld 2"
    caption_pages = set()
    # the second table's caption walks down over the bottom of the first page and beyond
    for filler_mm in range(160, 190, 2):
        pages = _pages(_diff_annex(filler_mm))
        [page] = [p for p, lines in enumerate(pages) if caption in lines]
        lines = pages[page]
        at = lines.index(caption)
        assert lines[at + 1] == DIFF_HEADER, f"{filler_mm} mm: caption without its table"
        assert lines[at + 2].startswith("2.1 "), f"{filler_mm} mm: header without a row"
        caption_pages.add(page)
    assert caption_pages == {0, 1}  # the sweep did cross the page break
