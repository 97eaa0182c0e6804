"""The Sachstandsbericht of a closed reporting round: a tagged PDF with the round's figures and
per action field the measures' frozen reports; the columns stay inside the page."""

import datetime
import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML

from concept.tests.factories import ActorFactory, action_field
from core.pdf import PDF_BASE_URL, StaticOnlyURLFetcher
from council.renderers import status_report
from council.services.status_reports import status_report_pdf
from council.tests.factories import CouncilPaperFactory, reporting_round

pytestmark = pytest.mark.django_db

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen" * 2


def _text(pdf: bytes) -> str:
    """The PDF's text, whitespace normalised, words hyphenated at a line end joined again."""
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    return text.replace("\u2010 ", "")


@pytest.fixture
def closed_round(db):
    vhs = ActorFactory(name="Volkshochschule Leinetal")
    awo = ActorFactory(name="AWO Ortsverein mit einem sehr langen Namen für die Spalte")
    entries = [
        {
            "number": "1.2",
            "title": "Willkommensmappe",
            "action_field": action_field(1),
            "lead_actor": vhs,
            "outcome": "reported",
            "status": "in_progress",
            "progress": 60,
            "reported_on": datetime.date(2027, 3, 20),
            "text": "Mappe in sechs Sprachen gedruckt; Verteilung über das Bürgerbüro.",
        },
        {
            "number": "1.10",
            "title": "Lotsenprojekt",
            "action_field": action_field(1),
            "lead_actor": awo,
            "outcome": "unchanged",
            "status": "planned",
            "progress": 0,
            "reported_on": datetime.date(2027, 3, 2),
            "text": "",
        },
        {
            "number": "3.1",
            "title": f"Sprachcafé {LONG_WORD}",
            "action_field": action_field(3),
            "lead_actor": None,
            "outcome": "missing",
            "status": "delayed",
            "progress": 20,
            "reported_on": datetime.date(2026, 11, 5),
            "text": f"Raum fehlt. {LONG_WORD} kontakt.sprachcafe.leinetal@example.org",
        },
    ]
    return reporting_round(entries=entries, as_of=datetime.date(2027, 3, 31))


def test_pdf_has_title_figures_counts_and_the_frozen_reports(closed_round):
    filename, mimetype, pdf = status_report.render(
        CouncilPaperFactory(reporting_round=closed_round)
    )
    assert (filename, mimetype) == ("Sachstandsbericht-2027-03-31.pdf", "application/pdf")
    text = _text(pdf)
    assert "Sachstandsbericht zum 31.03.2027" in text
    for figure in (
        "abgefragt 3",
        "Sachstand gemeldet 1",
        "unverändert bestätigt 1",
        "keine Meldung 1",
    ):
        assert figure in text
    assert "Mappe in sechs Sprachen gedruckt; Verteilung über das Bürgerbüro." in text
    assert "20.03.2027" in text and "05.11.2026" in text
    assert "in Umsetzung" in text and "60 %" in text
    # 1.2 before 1.10, each action field its own table
    assert text.index("Willkommensmappe") < text.index("Lotsenprojekt")
    reader = PdfReader(io.BytesIO(pdf))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.metadata.title == "Sachstandsbericht zum 31.03.2027"


def test_status_counts_per_action_field(closed_round):
    context = status_report.context(closed_round)
    counts = {s.action_field.number: s.status_counts() for s in context["sections"]}
    # planned, in_progress, completed, delayed, cancelled
    assert counts == {1: [1, 1, 0, 0, 0], 3: [0, 0, 0, 1, 0]}
    assert context["figures"] == {"asked": 3, "reported": 1, "unchanged": 1, "missing": 1}


def test_an_open_round_has_no_report(db):
    paper = CouncilPaperFactory(reporting_round=reporting_round(closed=False))
    assert not paper.has_status_report
    with pytest.raises(status_report.RoundNotClosed):
        status_report.render(paper)
    with pytest.raises(status_report.RoundNotClosed):
        status_report_pdf(paper=paper)


def _overflowing(html: str) -> list[str]:
    """The texts that end right of the page's content box."""
    document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticOnlyURLFetcher()).render()
    overflowing = []
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        for child in box.descendants():
            text = getattr(child, "text", None)
            if text and child.position_x + child.width > right + 0.5:
                overflowing.append(text[:40])
    return overflowing


def test_table_columns_stay_inside_the_right_margin(closed_round):
    assert _overflowing(status_report.render_html(closed_round)) == []
    # the check sees an overflow where there is one
    html = '<html lang="de"><body><p style="white-space: nowrap">' + LONG_WORD * 3 + "</p>"
    assert _overflowing(html)
