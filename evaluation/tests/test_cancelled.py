"""The default matrix's rule: a cancelled measure is not scored; the reason is recorded."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concept.tests.factories import action_field
from evaluation import services
from evaluation.results import cycle_results
from measures.models import Measure, MeasureStatus
from measures.tests.factories import MeasureFactory

from .factories import ALL_REACHED, assessment_original, default_matrix, finalise, start_cycle

pytestmark = pytest.mark.django_db

PERIOD = (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
NONE = {f"K{i}": "nicht erreicht" for i in range(1, 7)}
REASON = "Träger hat sich aufgelöst; Angebot übernimmt 3.4."


@pytest.fixture
def cycle():
    start = datetime.date(2026, 2, 1)
    kept = MeasureFactory(number="1.1", action_field=action_field(1), start_date=start)
    dropped = MeasureFactory(number="1.2", action_field=action_field(1), start_date=start)
    cycle = start_cycle(default_matrix(), PERIOD, "Evaluierung 2026–2027")
    Measure.objects.filter(pk=dropped.pk).update(status=MeasureStatus.CANCELLED)
    finalise(cycle.assessments.get(measure=kept), ALL_REACHED)  # 100,0
    return cycle


def test_finalising_a_cancelled_measure_needs_the_reason(cycle):
    assessment = cycle.assessments.get(measure__number="1.2")
    with pytest.raises(ValidationError) as refused:
        finalise(assessment, NONE, recommendation="stop")
    assert "Grund des Abbruchs" in str(refused.value)
    finalised = finalise(assessment, NONE, recommendation="stop", remarks=REASON)
    assert finalised.measure_cancelled


def test_a_cancelled_measure_is_listed_with_its_reason_and_not_averaged(cycle):
    finalise(
        cycle.assessments.get(measure__number="1.2"), NONE, recommendation="stop", remarks=REASON
    )
    results = cycle_results(cycle)
    field = results.fields[0]
    assert field.average == Decimal("100.0")  # 0 points of the cancelled one would halve it
    assert (field.scored, field.cancelled) == (1, 1)
    assert results.overall_average == Decimal("100.0")
    (cancelled,) = results.cancelled
    assert (cancelled.number, cancelled.reason, cancelled.points) == ("1.2", REASON, None)
    assert {r.value: r.count for r in results.recommendations}["stop"] == 1


def test_the_results_page_and_the_form_say_so(client, coordinator, cycle):
    assessment = cycle.assessments.get(measure__number="1.2")
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    form = client.get(url).content.decode()
    assert "Die Maßnahme ist abgebrochen: Sie wird nicht gewertet" in form
    data = {
        **{
            f"level_{s.criterion_id}": s.criterion.matrix.levels.get(label="nicht erreicht").pk
            for s in assessment.scores.select_related("criterion__matrix")
        },
        "recommendation": "stop",
        "remarks": "",
        "original": assessment_original(assessment),
        "finalise": "1",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Grund des Abbruchs" in refused.content.decode()
    assert 'value="stop" selected' in refused.content.decode()
    client.post(url, {**data, "remarks": REASON})
    assessment.refresh_from_db()
    assert assessment.state == "final" and assessment.measure_cancelled
    page = client.get(reverse("evaluation:cycle_results", args=[cycle.pk])).content.decode()
    assert "abgebrochen (nicht gewertet)" in page
    assert REASON in page


def test_fewer_than_30_points_need_an_explanation_that_the_results_show(cycle):
    start = datetime.date(2026, 2, 1)
    weak = MeasureFactory(number="1.3", action_field=action_field(1), start_date=start)
    services.cycle_add_missing_measures(cycle=cycle, user=None)
    assessment = cycle.assessments.get(measure=weak)
    with pytest.raises(ValidationError) as refused:
        finalise(assessment, NONE, recommendation="stop")
    assert "Weniger als 30 Punkte" in str(refused.value)
    finalise(assessment, NONE, recommendation="stop", remarks="Kein Raum gefunden.")
    (low,) = cycle_results(cycle).below_threshold
    assert (low.number, low.points, low.reason) == ("1.3", Decimal("0.0"), "Kein Raum gefunden.")


def test_the_form_asks_for_the_explanation_at_the_remarks(client, coordinator, cycle):
    weak = MeasureFactory(
        number="1.3", action_field=action_field(1), start_date=datetime.date(2026, 2, 1)
    )
    services.cycle_add_missing_measures(cycle=cycle, user=None)
    assessment = cycle.assessments.get(measure=weak)
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    lowest = cycle.matrix.levels.get(label="nicht erreicht")
    data = {
        **{f"level_{s.criterion_id}": lowest.pk for s in assessment.scores.all()},
        "recommendation": "stop",
        "remarks": "",
        "original": assessment_original(assessment),
        "finalise": "1",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Weniger als 30 Punkte" in refused.content.decode()
    client.post(url, {**data, "remarks": "Kein Raum gefunden."})
    assessment.refresh_from_db()
    assert assessment.state == "final"
