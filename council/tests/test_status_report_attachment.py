"""A closed reporting round as the Sachstandsbericht of a council paper: chosen on the paper
form (open rounds refused in German), listed and downloadable on the paper page, inside the
paper's PDF, and an extra File of the paper in the OParl export."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from concept.tests.factories import ActorFactory, action_field
from council.models import CouncilPaper
from council.renderers import paper as paper_renderer
from council.services import RefusedError, paper_save
from council.tests.factories import CouncilPaperFactory, reporting_round, with_fake_pdf
from council.tests.test_oparl import validate
from council.tests.test_views import _paper_post

pytestmark = pytest.mark.django_db

FROZEN_TEXT = "Mappe in sechs Sprachen gedruckt; Verteilung über das Bürgerbüro."


def _text(pdf: bytes) -> str:
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )
    return text.replace("\u2010 ", "")


@pytest.fixture
def closed_round():
    return reporting_round(
        title="Sachstand Frühjahr 2027",
        entries=[
            {
                "number": "1.2",
                "title": "Willkommensmappe",
                "action_field": action_field(1),
                "lead_actor": ActorFactory(name="Volkshochschule Leinetal"),
                "outcome": "reported",
                "status": "in_progress",
                "progress": 60,
                "reported_on": datetime.date(2027, 3, 20),
                "text": FROZEN_TEXT,
            },
            {
                "number": "2.1",
                "title": "Wohnraumbörse",
                "action_field": action_field(2),
                "outcome": "missing",
                "status": "planned",
                "progress": 0,
            },
        ],
    )


def _form_choices(client):
    form = client.get(reverse("council:paper-create")).context["form"]
    return [label for _value, label in form.fields["reporting_round"].widget.choices]


def test_form_offers_closed_rounds_and_refuses_an_open_one_in_german(
    client, coordinator, closed_round
):
    open_round = reporting_round(closed=False, title="Läuft noch")
    client.force_login(coordinator)
    assert _form_choices(client) == ["– keine –", "Sachstand Frühjahr 2027"]
    response = client.post(
        reverse("council:paper-create"),
        _paper_post(reporting_round=open_round.pk, title="Mein Betreff"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Die Berichtsrunde „Läuft noch“ ist noch nicht abgeschlossen." in html
    assert 'value="Mein Betreff"' in html
    assert not CouncilPaper.objects.exists()
    response = client.post(
        reverse("council:paper-create"), _paper_post(reporting_round=closed_round.pk)
    )
    assert response.status_code == 302
    assert CouncilPaper.objects.get().reporting_round == closed_round


def test_the_service_refuses_an_open_round_too(coordinator):
    paper = CouncilPaperFactory.build(reporting_round=reporting_round(closed=False))
    with pytest.raises(RefusedError) as refused:
        paper_save(paper=paper, user=coordinator, consultations=[])
    assert "noch nicht abgeschlossen" in str(refused.value)


def test_paper_page_lists_the_report_and_downloads_it(client, council, closed_round):
    paper = CouncilPaperFactory(reporting_round=closed_round, is_public=False)
    client.force_login(council)
    html = client.get(paper.get_absolute_url()).content.decode()
    url = reverse("council:paper-status-report", args=[paper.pk])
    assert url in html
    assert "Sachstandsbericht zum 31.03.2027" in html
    response = client.get(url)
    assert response["Content-Disposition"] == (
        'attachment; filename="Sachstandsbericht-2027-03-31.pdf"'
    )
    text = _text(response.content)
    assert "Sachstandsbericht zum 31.03.2027" in text
    assert "abgefragt 2" in text and "keine Meldung 1" in text
    assert FROZEN_TEXT in text


def test_paper_pdf_carries_the_report_as_an_attachment(closed_round):
    paper = CouncilPaperFactory(reporting_round=closed_round)
    _filename, _mimetype, pdf = paper_renderer.render(paper)
    text = _text(pdf)
    assert "Anlage: Sachstandsbericht zum 31.03.2027" in text
    assert FROZEN_TEXT in text and "Wohnraumbörse" in text


def test_oparl_paper_has_the_report_as_an_extra_file_that_validates(client, closed_round):
    paper = with_fake_pdf(CouncilPaperFactory(reporting_round=closed_round))
    data = client.get(reverse("council:oparl-paper", args=[paper.pk])).json()
    validate(data, "Paper")
    (extra,) = data["auxiliaryFile"]
    validate(extra, "File")
    assert extra["name"] == "Sachstandsbericht zum 31.03.2027"
    assert extra["fileName"] == "Sachstandsbericht-2027-03-31.pdf"
    served = client.get(extra["id"]).json()
    validate(served, "File")
    assert served == extra
    download = client.get(extra["accessUrl"])
    assert download.status_code == 200
    assert FROZEN_TEXT in _text(download.content)
    # the list of papers carries it too, and still validates
    listed = client.get(reverse("council:oparl-papers")).json()["data"]
    for item in listed:
        validate(item, "Paper")
    assert [p["auxiliaryFile"][0]["id"] for p in listed] == [extra["id"]]


def test_oparl_paper_without_round_has_no_extra_file(client):
    paper = with_fake_pdf(CouncilPaperFactory())
    data = client.get(reverse("council:oparl-paper", args=[paper.pk])).json()
    assert "auxiliaryFile" not in data
    assert (
        client.get(reverse("council:oparl-status-report-file", args=[paper.pk])).status_code == 404
    )
