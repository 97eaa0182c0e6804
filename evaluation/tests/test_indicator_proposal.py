"""The indicator criterion (K1) proposed from the attainment g, confirmed or overridden."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from evaluation.indicator import attainment, level_for, propose
from measures.models import Measurement
from measures.tests.factories import MeasureFactory

from .factories import assessment_original, start_cycle

pytestmark = pytest.mark.django_db
D = Decimal


def _levels(*scores):
    return [SimpleNamespace(score=s, no_score=False, label=f"Stufe {s}", pk=s) for s in scores]


def test_attainment_is_the_share_of_the_way_from_baseline_to_target():
    assert attainment(D(20), D(80), D(45)) == D("0.42")
    # lower is better: 20 down to 10, now 15 → half the way
    assert attainment(D(20), D(10), D(15)) == D("0.50")
    assert attainment(D(20), D(10), D(25)) == D("-0.50")
    assert attainment(D(5), D(5), D(7)) is None


@pytest.mark.parametrize(
    ("g", "score"),
    [
        ("1.2", 3),
        ("1.0", 3),
        ("0.99", 2),
        ("0.67", 2),
        ("0.66", 1),
        ("0.33", 1),
        ("0.32", 0),
        ("-1", 0),
    ],
)
def test_default_scale_uses_the_thresholds_of_the_default_matrix(g, score):
    assert level_for(D(g), _levels(3, 2, 1, 0)).score == score


def test_other_scales_map_g_linearly():
    levels = _levels(0, 1, 2, 3, 4)
    assert level_for(D("0.42"), levels).score == 1  # 0,42 × 4 = 1,68 → 1
    assert level_for(D("0.5"), levels).score == 2
    assert level_for(D("1.5"), levels).score == 4
    assert level_for(D("-0.2"), levels).score == 0


@pytest.fixture
def assessment(own_actor):
    measure = MeasureFactory(
        lead_actor=own_actor,
        number="3.1",
        indicator_baseline=D(20),
        indicator_target=D(80),
    )
    Measurement.objects.create(measure=measure, measured_on=datetime.date(2026, 6, 30), value=30)
    Measurement.objects.create(measure=measure, measured_on=datetime.date(2027, 6, 30), value=45)
    # after the period (ends 31.12.2027): not used
    Measurement.objects.create(measure=measure, measured_on=datetime.date(2028, 3, 1), value=79)
    return start_cycle().assessments.select_related("measure", "cycle").get()


def test_proposal_uses_the_newest_value_up_to_the_end_of_the_period(assessment):
    levels = list(assessment.cycle.matrix.levels.all())
    proposal = propose(measure=assessment.measure, cycle=assessment.cycle, levels=levels)
    assert proposal.g == D("0.42")
    assert proposal.level.label == "teilweise erreicht"
    assert proposal.formula == "g = (45 − 20) / (80 − 20) = 0,42 → 1 Punkt (teilweise erreicht)"
    assert proposal.source == "Indikatorwert vom 30.06.2027"
    assert not proposal.linear


def test_no_proposal_without_baseline_or_value_and_a_sentence_why(assessment):
    levels = list(assessment.cycle.matrix.levels.all())
    measure = assessment.measure
    measure.indicator_baseline = None
    proposal = propose(measure=measure, cycle=assessment.cycle, levels=levels)
    assert not proposal.available and "Ausgangswert oder der Zielwert" in proposal.missing
    measure.indicator_baseline = D(20)
    Measurement.objects.filter(measure=measure).delete()
    proposal = propose(measure=measure, cycle=assessment.cycle, levels=levels)
    assert proposal.missing == (
        "Kein Vorschlag: Bis zum Ende des Zeitraums (31.12.2027) ist kein Indikatorwert erfasst."
    )


def _data(assessment, **levels_by_code):
    levels = {level.label: level.pk for level in assessment.cycle.matrix.levels.all()}
    data = {
        "indicator_value": "",
        "recommendation": "",
        "remarks": "",
        "original": assessment_original(assessment),
        "draft": "1",
    }
    for c in assessment.cycle.matrix.criteria.all():
        label = levels_by_code.get(c.code)
        data[f"level_{c.pk}"] = levels[label] if label else ""
        data[f"justification_{c.pk}"] = ""
        data[f"override_{c.pk}"] = ""
    return data, {c.code: c.pk for c in assessment.cycle.matrix.criteria.all()}


def test_form_shows_the_formula_and_prefills_the_proposed_level(client, assessment, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:assessment_update", args=[assessment.pk])).content
    page = page.decode()
    assert "g = (45 − 20) / (80 − 20) = 0,42 → 1 Punkt (teilweise erreicht)" in page
    assert "Indikatorwert vom 30.06.2027" in page
    partly = assessment.cycle.matrix.levels.get(label="teilweise erreicht").pk
    assert f'<option value="{partly}" selected>' in page


def test_overriding_the_proposal_needs_a_reason_which_is_kept(client, assessment, coordinator):
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    data, pks = _data(assessment, K1="erreicht")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Bitte nennen Sie den Grund für die Abweichung." in response.content.decode()
    assert assessment.scores.get(criterion_id=pks["K1"]).level is None

    data[f"override_{pks['K1']}"] = "Der Wert vom Juni ist unvollständig erhoben."
    assert client.post(url, data).status_code == 302
    score = assessment.scores.select_related("level", "proposed_level").get(criterion_id=pks["K1"])
    assert score.level.label == "erreicht"
    assert score.proposed_level.label == "teilweise erreicht"
    assert score.proposal.startswith("g = (45 − 20) / (80 − 20) = 0,42")
    assert score.override_reason == "Der Wert vom Juni ist unvollständig erhoben."
    assert score.history.first().override_reason == score.override_reason
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert "abweichend bewertet, Grund: Der Wert vom Juni ist unvollständig erhoben." in detail


def test_confirming_the_proposal_needs_no_reason(client, assessment, actor_member):
    client.force_login(actor_member)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    data, pks = _data(assessment, K1="teilweise erreicht")
    assert client.post(url, data).status_code == 302
    score = assessment.scores.get(criterion_id=pks["K1"])
    assert score.level_id == score.proposed_level_id and score.override_reason == ""


def test_form_says_why_there_is_no_proposal(client, assessment, coordinator):
    Measurement.objects.filter(measure=assessment.measure).delete()
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:assessment_update", args=[assessment.pk])).content
    assert "Kein Vorschlag: Bis zum Ende des Zeitraums (31.12.2027)" in page.decode()
