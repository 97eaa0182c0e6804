"""One cycle, every output: results, report page, charts, PDF and the table frozen into the
concept's editions show the same numbers, computed by hand below, in German format; and a
closed cycle's results stay as they were when a measure later moves to another action field."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from concept.tests.factories import action_field
from evaluation import report, services
from evaluation.charts import fields_chart
from evaluation.results import cycle_report, cycle_results
from measures.tests.factories import MeasureFactory

from .factories import default_matrix, finalise, start_cycle

pytestmark = pytest.mark.django_db

PREVIOUS = (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
CURRENT = (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
ALL = {f"K{i}": "erreicht" for i in range(1, 7)}
NONE = {f"K{i}": "nicht erreicht" for i in range(1, 7)}
MOSTLY = {f"K{i}": "überwiegend erreicht" for i in range(1, 7)}
# weights 30, 20, 15, 10, 10, 15; K5 "nicht bewertbar": (30·3 + 20·2 + 15·1 + 10·0 + 15·3)
# / (90·3) · 100 = 190 / 270 · 100 = 70,37… → 70,4 with 90 % of the weight rated
MIXED = {
    "K1": "erreicht",
    "K2": "überwiegend erreicht",
    "K3": "teilweise erreicht",
    "K4": "nicht erreicht",
    "K5": "nicht bewertbar",
    "K6": "erreicht",
}
# K1–K3 not applicable: 35 of 100 weight rated, below half → "nicht ausreichend bewertet"
# fewer than 30 points need an explanation, which the results list
LOW = "Kein Träger für das Angebot gefunden."
THIN = {**ALL, "K1": "nicht bewertbar", "K2": "nicht bewertbar", "K3": "nicht bewertbar"}


def _measure(number, field, start):
    return MeasureFactory(
        number=number,
        title=f"Maßnahme {number}",
        action_field=action_field(field),
        start_date=start,
    )


@pytest.fixture
def cycle():
    old = datetime.date(2024, 1, 1)
    new = datetime.date(2026, 3, 1)
    a, e = _measure("1.1", 1, old), _measure("2.1", 2, old)
    b, c, d = _measure("1.2", 1, new), _measure("1.3", 1, new), _measure("2.2", 2, new)
    matrix = default_matrix()
    previous = start_cycle(matrix, PREVIOUS, "Evaluierung 2024–2025")
    finalise(previous.assessments.get(measure=a), ALL)  # 100,0
    finalise(previous.assessments.get(measure=e), NONE, remarks=LOW)  # 0,0
    services.cycle_close(cycle=previous, user=None)
    current = start_cycle(matrix, CURRENT, "Evaluierung 2026–2027")
    finalise(current.assessments.get(measure=a), MIXED, recommendation="adapt")  # 70,4
    finalise(current.assessments.get(measure=b), MOSTLY)  # 66,7
    finalise(current.assessments.get(measure=c), THIN, recommendation="stop")  # insufficient
    finalise(current.assessments.get(measure=e), NONE, recommendation="stop", remarks=LOW)
    assert current.assessments.get(measure=d).state == "open"  # not assessed
    services.cycle_close(cycle=current, user=None, close_open=True)
    return current


def test_the_numbers_are_computed_as_the_matrix_says(cycle):
    results = cycle_results(cycle)
    rows = {m.number: m for f in results.fields for m in f.measures}
    assert rows["1.1"].points == Decimal("70.4")
    assert rows["1.1"].scored_share == Decimal("0.9")
    assert rows["1.1"].change == Decimal("-29.6")
    assert rows["1.2"].points == Decimal("66.7")
    assert rows["1.3"].points is None and rows["1.3"].scored_share == Decimal("0.35")
    assert rows["2.1"].points == Decimal("0.0") and rows["2.1"].change == Decimal("0.0")
    first, second = results.fields[0], results.fields[1]
    # the average of the points as shown (70,4 and 66,7): 68,55 → 68,6 (half up)
    assert (first.average, first.scored, first.insufficient) == (Decimal("68.6"), 2, 1)
    # matched pairs: only 1.1 was scored in both cycles (1.2 is new) → 70,4 against 100,0
    assert (first.compared, first.compared_average) == (1, Decimal("70.4"))
    assert (first.previous_average, first.change) == (Decimal("100.0"), Decimal("-29.6"))
    assert [m.number for m in first.new] == ["1.2"] and first.dropped == []
    assert (second.average, second.not_assessed, second.change) == (
        Decimal("0.0"),
        1,
        Decimal("0.0"),
    )
    assert results.overall_average == Decimal("45.7")  # (70,4 + 66,7 + 0,0) / 3
    # the same measures (1.1 and 2.1): (70,4 + 0,0) / 2 = 35,2 against (100,0 + 0,0) / 2
    assert (results.compared, results.compared_average) == (2, Decimal("35.2"))
    assert results.previous_overall_average == Decimal("50.0")
    assert results.overall_change == Decimal("-14.8")
    assert {r.value: r.count for r in results.recommendations} == {
        "continue": 1,
        "adapt": 1,
        "complete": 0,
        "stop": 2,
    }


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


EXPECTED = [
    # scored, insufficient, cancelled, open, compared, now and before over those, change
    "1. Willkommenskultur 68,6 2 1 0 0 1 70,4 100,0 −29,6",
    "70,4 90 % anpassen 100,0 −29,6",
    "0,0 100 % beenden 0,0 ±0,0",
    "Insgesamt 45,7 2 35,2 50,0 −14,8",
    "Nur in diesem Zyklus gewertet: 1.2 Maßnahme 1.2",
    "nicht ausreichend bewertet 35 %",
    "2.1 Maßnahme 2.1 (0,0 Punkte): Kein Träger für das Angebot gefunden.",
]


@pytest.mark.parametrize("page", ["cycle_results", "cycle_report"])
def test_results_and_report_pages_show_the_same_numbers(client, coordinator, cycle, page):
    client.force_login(coordinator)
    text = _text(client.get(reverse(f"evaluation:{page}", args=[cycle.pk])).content.decode())
    for expected in EXPECTED:
        assert expected in text


def test_the_pdf_shows_the_same_numbers(cycle):
    _, _, content = report.render(cycle)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    text = re.sub(r"\s+", " ", text)
    for expected in ("68,6", "70,4", "90 %", "−29,6", "±0,0", "45,7", "35,2", "−14,8"):
        assert expected in text


def test_chart_and_the_table_frozen_into_editions_show_the_same_numbers(cycle):
    chart = fields_chart(cycle_results(cycle))
    assert ">68,6</text>" in chart and ">0,0</text>" in chart
    table = cycle_report(cycle.pk)
    rows = {row[0]: row[1:] for row in table["rows"]}
    assert rows["1. Willkommenskultur"] == ["68,6", "2", "1", "0", "100,0", "−29,6"]
    assert rows["2. Wohnen und Leben"] == ["0,0", "1", "0", "1", "0,0", "±0,0"]
    assert rows["Gesamt"] == ["45,7", "3", "1", "1", "50,0", "−14,8"]


def test_a_measure_moved_to_another_field_after_the_cycle_keeps_its_place_in_the_results(
    cycle,
):
    before = cycle_report(cycle.pk)
    moved = cycle.assessments.get(measure__number="1.2").measure
    moved.action_field = action_field(5)
    moved.save()
    unassessed = cycle.assessments.get(measure__number="2.2").measure
    unassessed.action_field = action_field(5)
    unassessed.save()
    assert cycle_report(cycle.pk) == before
    results = cycle_results(cycle)
    assert [m.number for m in results.fields[0].measures] == ["1.1", "1.2", "1.3"]
    assert results.fields[4].measures == []


def test_a_measure_moved_while_the_cycle_runs_counts_where_it_is_when_finally_assessed():
    measure = _measure("1.1", 1, datetime.date(2026, 3, 1))
    cycle = start_cycle(period=CURRENT)
    assessment = cycle.assessments.get()
    measure.action_field = action_field(3)
    measure.save()
    assert cycle_results(cycle).fields[2].not_assessed == 1  # open: where it is now
    finalise(assessment, ALL)
    measure.action_field = action_field(4)
    measure.save()
    results = cycle_results(cycle)
    assert results.fields[2].average == Decimal("100.0")
    assert results.fields[3].measures == []
    # the field a final assessment counts in is in its history, with the other changes
    record = assessment.history.latest("history_date")
    assert (record.state, record.action_field_id) == ("final", action_field(3).pk)
