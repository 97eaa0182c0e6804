import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concept.tests.factories import action_field
from evaluation import services
from evaluation.results import cycle_results
from measures.tests.factories import MeasureFactory

from .factories import ALL_REACHED, default_matrix, finalise, start_cycle

pytestmark = pytest.mark.django_db

PREVIOUS = (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31))
CURRENT = (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
HALF = {"K1": "überwiegend erreicht", **{f"K{i}": "teilweise erreicht" for i in range(2, 7)}}


def _measure(number, field=1, **kw):
    return MeasureFactory(
        number=number, action_field=action_field(field), start_date=datetime.date(2024, 1, 1), **kw
    )


def _two_cycles():
    matrix = default_matrix()
    previous = start_cycle(matrix, PREVIOUS, "Evaluierung 2024–2025")
    return matrix, previous


def test_results_compare_each_measure_and_field_with_the_previous_cycle():
    a, b = _measure("1.1"), _measure("1.2")
    c = _measure("3.1", field=3)
    matrix = default_matrix()
    previous = start_cycle(matrix, PREVIOUS, "Evaluierung 2024–2025")
    for assessment in previous.assessments.all():
        finalise(assessment, HALF)  # (30*2 + 70*1) / 300 = 43.3
    services.cycle_close(cycle=previous, user=None)
    current = start_cycle(matrix, CURRENT, "Evaluierung 2026–2027")
    finalise(current.assessments.get(measure=a), ALL_REACHED, recommendation="continue")
    finalise(
        current.assessments.get(measure=b),
        {**ALL_REACHED, "K1": "nicht erreicht"},  # (70*3) / 300 = 70.0
        recommendation="adapt",
    )
    finalise(current.assessments.get(measure=c), HALF, recommendation="stop")

    results = cycle_results(current)
    rows = {m.number: m for f in results.fields for m in f.measures}
    assert rows["1.1"].points == Decimal("100.0")
    assert rows["1.1"].previous_points == Decimal("43.3")
    assert rows["1.1"].change == Decimal("56.7")
    assert rows["1.2"].points == Decimal("70.0")
    assert rows["1.2"].change == Decimal("26.7")
    first, third = results.fields[0], results.fields[2]
    assert first.average == Decimal("85.0")
    assert first.previous_average == Decimal("43.3")
    assert first.change == Decimal("41.7")
    assert third.average == Decimal("43.3") and third.change == Decimal("0.0")
    assert results.fields[1].average is None  # no measure: no average, not zero
    assert results.overall_average == Decimal("71.1")  # (100 + 70 + 43.3) / 3
    assert results.previous_overall_average == Decimal("43.3")
    assert results.previous_title == "Evaluierung 2024–2025"
    assert {r.value: r.count for r in results.recommendations} == {
        "continue": 1,
        "adapt": 1,
        "complete": 0,
        "stop": 1,
    }


def test_not_sufficiently_scored_measures_are_listed_not_averaged_in():
    good, poor = _measure("1.1"), _measure("1.2")
    cycle = start_cycle(period=CURRENT)
    finalise(cycle.assessments.get(measure=good), ALL_REACHED)
    # only K2 (20 %) and K4 (10 %) scored: 30 % of the weight < 50 %
    sparse = dict.fromkeys(("K1", "K3", "K5", "K6"), "nicht bewertbar")
    finalise(
        cycle.assessments.get(measure=poor), {**sparse, "K2": "nicht erreicht", "K4": "erreicht"}
    )
    results = cycle_results(cycle)
    assert [m.number for m in results.insufficient] == ["1.2"]
    assert results.insufficient[0].points is None
    assert results.fields[0].average == Decimal("100.0")
    assert results.fields[0].insufficient == 1
    assert results.overall_average == Decimal("100.0")


def test_only_final_assessments_count_and_open_ones_are_listed_as_not_assessed():
    done, open_one = _measure("1.1"), _measure("1.2")
    cycle = start_cycle(period=CURRENT)
    finalise(cycle.assessments.get(measure=done), HALF)
    services.cycle_close(cycle=cycle, user=None, close_open=True)
    results = cycle_results(cycle)
    assert [m.number for m in results.not_assessed] == ["1.2"]
    assert results.final == 1 and results.total == 2
    assert results.fields[0].not_assessed == 1
    assert results.overall_average == Decimal("43.3")
    assert open_one.pk == results.not_assessed[0].measure_id


def _results_queries(client, cycle):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("evaluation:cycle_results", args=[cycle.pk]))
    assert response.status_code == 200
    return len(queries)


def test_results_page_query_count_does_not_grow_with_measures(client, coordinator):
    matrix = default_matrix()
    for i in range(5):
        _measure(f"2.{i}", field=2)
    previous = start_cycle(matrix, PREVIOUS, "Evaluierung 2024–2025")
    for assessment in previous.assessments.all():
        finalise(assessment, HALF)
    current = start_cycle(matrix, CURRENT, "Evaluierung 2026–2027")
    for assessment in current.assessments.all():
        finalise(assessment, ALL_REACHED)
    client.force_login(coordinator)
    few = _results_queries(client, current)
    # Cycles over the same period may not run at the same time.
    services.cycle_close(cycle=previous, user=None)
    services.cycle_close(cycle=current, user=None)

    matrix2 = services.matrix_copy(matrix=matrix)
    for i in range(45):
        _measure(f"5.{i}", field=5)
    previous2 = start_cycle(matrix2, PREVIOUS, "Evaluierung 2024–2025 (b)")
    for assessment in previous2.assessments.all():
        finalise(assessment, HALF)
    current2 = start_cycle(matrix2, CURRENT, "Evaluierung 2026–2027 (b)")
    for assessment in current2.assessments.all():
        finalise(assessment, ALL_REACHED)
    assert current2.assessments.count() == 50
    many = _results_queries(client, current2)
    # session, user, groups (role check), cycle visible to user, cycle + matrix again in
    # cycle_results, criteria, levels, final criterion scores, previous cycle, its criteria,
    # levels, scores and assessments, action fields, assessments with measure/field/actor
    assert few == many, (few, many)
    assert many == 15, many


def test_results_page_shows_points_tables_and_an_accessible_svg_chart(client, coordinator):
    _measure("1.1", title="Sprachpaten")
    cycle = start_cycle(period=CURRENT)
    finalise(cycle.assessments.get(), ALL_REACHED)
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:cycle_results", args=[cycle.pk])).content.decode()
    assert "Sprachpaten" in page
    assert "100,0" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" role="img"' in page
    assert "<title>Durchschnittliche Punkte je Handlungsfeld" in page
    svg = page.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert "style=" not in svg
    assert 'width="380.0"' in svg  # 100 points: the full bar
    assert "#6c757d" not in svg  # no previous cycle: no grey bar, not even in the legend


def test_measure_rows_carry_link_actor_and_one_score_per_rating_pattern():
    from concept.tests.factories import ActorFactory

    short = _measure("1.1", lead_actor=ActorFactory(name="Familienzentrum", short_name="FZ"))
    full = _measure("1.2", lead_actor=ActorFactory(name="Stadtbibliothek", short_name=""))
    nobody = _measure("1.3", lead_actor=None)
    cycle = start_cycle(period=CURRENT)
    for assessment in cycle.assessments.all():
        finalise(assessment, HALF)
    rows = {m.number: m for m in cycle_results(cycle).fields[0].measures}
    assert [rows[n].lead_actor for n in ("1.1", "1.2", "1.3")] == ["FZ", "Stadtbibliothek", ""]
    for measure in (short, full, nobody):
        assert rows[measure.number].url == measure.get_absolute_url()
        assert rows[measure.number].action_field_number == 1
    assert {rows[n].points for n in rows} == {Decimal("43.3")}


def test_charts_keep_their_size_on_a_phone_and_scroll_in_a_labelled_region(client, coordinator):
    """At 390 px a chart scaled to the width had labels about 5 px high: it now keeps its
    natural size (13 px labels) and scrolls sideways inside a focusable, named region."""
    _measure("1.1", title="Sprachpaten")
    cycle = start_cycle(period=CURRENT)
    finalise(cycle.assessments.get(), ALL_REACHED)
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:cycle_results", args=[cycle.pk])).content.decode()
    for label in ("Diagramm: Punkte je Handlungsfeld", "Diagramm: Verteilung der Empfehlungen"):
        region = page.split(f'aria-label="{label}"', 1)
        assert len(region) == 2, label
        opening = region[0].rsplit("<div", 1)[1]
        assert 'tabindex="0"' in opening and 'role="region"' in opening
        assert "table-responsive" in opening
        svg = region[1].split("<svg", 1)[1].split(">", 1)[0]
        assert 'width="720"' in svg
        assert 'width="100%"' not in svg
        assert 'role="img"' in svg


def test_change_compares_only_the_measures_scored_in_both_cycles():
    """The issue's example: field 1 had 3 scored measures before and 2 now; the change must
    not compare the average of 2 with the average of 3, only the 2 common ones."""
    a, b, c = _measure("1.1"), _measure("1.2"), _measure("1.3", title="Sprachcafé")
    matrix, previous = _two_cycles()
    finalise(previous.assessments.get(measure=a), ALL_REACHED)  # 100,0
    finalise(previous.assessments.get(measure=b), HALF)  # 43,3
    finalise(previous.assessments.get(measure=c), ALL_REACHED)  # 100,0
    services.cycle_close(cycle=previous, user=None)
    current = start_cycle(matrix, CURRENT, "Evaluierung 2026–2027")
    finalise(current.assessments.get(measure=a), ALL_REACHED)
    finalise(current.assessments.get(measure=b), HALF)
    # 1.3 stays open: not scored in this cycle

    results = cycle_results(current)
    first = results.fields[0]
    assert (first.scored, first.average) == (2, Decimal("71.7"))
    # before: (100 + 43,3 + 100) / 3 = 81,1 would give −9,4; the same two measures: ±0
    assert (first.compared, first.compared_average) == (2, Decimal("71.7"))
    assert first.previous_average == Decimal("71.7")
    assert first.change == Decimal("0.0")
    assert [(m.number, m.title) for m in first.dropped] == [("1.3", "Sprachcafé")]
    assert first.new == []
    assert results.compared == 2 and results.overall_change == Decimal("0.0")


def test_results_page_lists_measures_outside_the_comparison(client, coordinator):
    a, b = _measure("1.1"), _measure("1.2", title="Sprachcafé")
    matrix, previous = _two_cycles()
    finalise(previous.assessments.get(measure=a), ALL_REACHED)
    finalise(previous.assessments.get(measure=b), ALL_REACHED)
    services.cycle_close(cycle=previous, user=None)
    current = start_cycle(matrix, CURRENT, "Evaluierung 2026–2027")
    finalise(current.assessments.get(measure=a), HALF)
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:cycle_results", args=[current.pk])).content.decode()
    assert "Nur im Vorzyklus gewertet: 1.2 Sprachcafé" in page
