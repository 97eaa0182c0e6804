import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from concept.tests.factories import action_field
from evaluation import report, services
from evaluation.models import EvaluationCycle, ReportState
from measures.tests.factories import MeasureFactory

from .factories import ALL_REACHED, finalise, start_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_cycle():
    """Closed; its final report is queued, not rendered (the close's commit never comes)."""
    MeasureFactory(number="3.4", title="Sprachcafé für Eltern", action_field=action_field(3))
    MeasureFactory(number="4.1", title="Jobpatenschaften", action_field=action_field(4))
    cycle = start_cycle(
        period=(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
        title="Evaluierung 2026–2027",
    )
    first, second = cycle.assessments.order_by("measure__number")
    finalise(first, ALL_REACHED, recommendation="continue")
    finalise(second, {**ALL_REACHED, "K1": "nicht erreicht"}, recommendation="adapt")
    services.cycle_close(cycle=cycle, user=None)
    return cycle


@pytest.fixture
def stored_cycle(closed_cycle):
    """Closed, with its queued final report rendered (as the worker does) and stored."""
    services.cycle_report_render(cycle_id=closed_cycle.pk)
    closed_cycle.refresh_from_db()
    yield closed_cycle
    closed_cycle.report_pdf.delete(save=False)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Evaluierung 2023–2024", "evaluierungsbericht-2023-2024.pdf"),
        ("Evaluierung 2023—2024", "evaluierungsbericht-2023-2024.pdf"),
        ("Evaluierung 2023-2024", "evaluierungsbericht-2023-2024.pdf"),
        (
            "Zwischenbilanz Sprachförderung 2025",
            "evaluierungsbericht-zwischenbilanz-sprachforderung-2025.pdf",
        ),
        ("Evaluierung", "evaluierungsbericht-7.pdf"),
        ("–", "evaluierungsbericht-7.pdf"),
    ],
)
def test_report_filename_keeps_the_dash_and_does_not_repeat_evaluierung(title, expected):
    assert report.report_filename(EvaluationCycle(pk=7, title=title)) == expected


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    # one space for every run of whitespace: table cells wrap lines
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_pdf_report_contains_the_results_per_action_field_and_is_tagged(closed_cycle):
    filename, mimetype, content = report.render(closed_cycle)
    assert filename == "evaluierungsbericht-2026-2027.pdf"
    assert mimetype == "application/pdf"
    text = _text(content)
    assert "Evaluierungsbericht 2026–2027" in text
    assert "Evaluierungsbericht Evaluierung" not in text
    assert "3. Bildung und Sprache" in text
    assert "4. Wirtschaft und Arbeit" in text
    assert "Sprachcafé für Eltern" in text and "100,0" in text
    assert "Jobpatenschaften" in text and "70,0" in text
    assert "Durchschnitt" in text and "85,0" in text  # overall average
    reader = PdfReader(io.BytesIO(content))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "de"


def test_pdf_download_for_the_council_once_the_cycle_is_closed(client, council, stored_cycle):
    client.force_login(council)
    response = client.get(reverse("evaluation:cycle_report_pdf", args=[stored_cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evaluierungsbericht-2026-2027.pdf"' in response["Content-Disposition"]
    assert "Sprachcafé für Eltern" in _text(b"".join(response.streaming_content))


def test_html_report_shows_the_same_results(client, council, closed_cycle):
    client.force_login(council)
    page = client.get(reverse("evaluation:cycle_report", args=[closed_cycle.pk])).content.decode()
    assert "Evaluierungsbericht 2026–2027" in page
    assert "Evaluierungsbericht Evaluierung" not in page
    assert "3. Bildung und Sprache" in page and "85,0" in page


def test_closing_a_cycle_stores_its_report_and_the_download_serves_it(
    client, council, django_capture_on_commit_callbacks
):
    MeasureFactory(number="3.4", title="Sprachcafé für Eltern", action_field=action_field(3))
    cycle = start_cycle(period=(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)))
    finalise(cycle.assessments.get())
    with django_capture_on_commit_callbacks(execute=True):
        services.cycle_close(cycle=cycle, user=None)
    cycle.refresh_from_db()
    assert cycle.report_pdf.name.startswith("evaluation/reports/evaluierungsbericht-")
    assert cycle.report_rendered_at is not None
    assert (cycle.report_state, cycle.report_is_preview) == (ReportState.DONE, False)
    stored = cycle.report_pdf.read()
    cycle.report_pdf.close()
    assert "Sprachcafé für Eltern" in _text(stored)
    assert "Vorschau" not in _text(stored)

    client.force_login(council)
    response = client.get(reverse("evaluation:cycle_report_pdf", args=[cycle.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="evaluierungsbericht-2026-2027.pdf"' in response["Content-Disposition"]
    cycle.report_pdf.delete(save=False)


def test_a_lost_stored_report_is_not_rendered_in_the_request_but_can_be_requested_anew(
    client, coordinator, stored_cycle, monkeypatch
):
    stored_cycle.report_pdf.delete(save=False)
    stored_cycle.report_pdf.name = "evaluation/reports/verloren.pdf"
    stored_cycle.save()
    client.force_login(coordinator)
    with monkeypatch.context() as patched:
        patched.setattr(report, "render", _no_render_in_a_request)
        response = client.get(reverse("evaluation:cycle_report_pdf", args=[stored_cycle.pk]))
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
    assert "Die gespeicherte Datei des Berichts fehlt" in page
    assert "Bericht neu erstellen" in page
    response = client.post(reverse("evaluation:cycle_report_request", args=[stored_cycle.pk]))
    stored_cycle.refresh_from_db()
    assert stored_cycle.report_state == ReportState.DONE
    assert stored_cycle.report_pdf.name != "evaluation/reports/verloren.pdf"
    response = client.get(reverse("evaluation:cycle_report_pdf", args=[stored_cycle.pk]))
    assert "Sprachcafé für Eltern" in _text(b"".join(response.streaming_content))


def _no_render_in_a_request(*args, **kwargs):
    raise AssertionError("rendered in the request")


def test_report_title_does_not_repeat_evaluierung():
    from evaluation.models import EvaluationCycle

    assert EvaluationCycle(title="Evaluierung 2023–2024").report_title == (
        "Evaluierungsbericht 2023–2024"
    )
    assert EvaluationCycle(title="Zwischenbilanz 2025").report_title == (
        "Evaluierungsbericht: Zwischenbilanz 2025"
    )
