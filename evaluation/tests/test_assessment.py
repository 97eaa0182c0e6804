import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.models import AssessmentState
from measures.tests.factories import MeasureFactory

from .factories import (
    ALL_REACHED,
    assessment_original,
    default_matrix,
    draft,
    finalise,
    ratings_by_code,
    start_cycle,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(own_actor):
    MeasureFactory(lead_actor=own_actor, number="3.1")
    return start_cycle().assessments.get()


def test_actor_member_drafts_a_self_assessment(assessment, actor_member):
    draft(assessment, {"K1": "erreicht", "K2": "nicht bewertbar"}, user=actor_member)
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.DRAFT
    assert assessment.drafted_by == actor_member
    scores = {s.criterion.code: s.level for s in assessment.scores.select_related("level")}
    assert str(scores["K1"]) == "erreicht (3)"
    assert str(scores["K2"]) == "nicht bewertbar"
    assert scores["K3"] is None


def test_finalising_needs_every_criterion_rated_and_a_recommendation(assessment, coordinator):
    with pytest.raises(ValidationError) as error:
        services.assessment_finalise(
            assessment=assessment,
            user=coordinator,
            ratings=ratings_by_code(assessment, {"K1": "erreicht"}),
            indicator_value=None,
            recommendation="",
            remarks="",
        )
    assert len(error.value.messages) == 2
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.OPEN


def test_final_assessment_is_read_only_and_history_tracked(assessment, coordinator):
    draft(assessment, {"K1": "teilweise erreicht"})
    finalise(assessment, user=coordinator)
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.FINAL
    with pytest.raises(ValidationError, match="abschließend"):
        draft(assessment, {"K1": "nicht erreicht"})
    with pytest.raises(ValidationError, match="abschließend"):
        finalise(assessment)
    states = list(assessment.history.order_by("history_date").values_list("state", flat=True))
    assert states == ["open", "draft", "final"]
    k1 = assessment.scores.get(criterion__code="K1")
    assert [str(h.level) for h in k1.history.order_by("history_date") if h.level_id] == [
        "teilweise erreicht (1)",
        "erreicht (3)",
    ]


def test_a_level_of_another_matrix_is_refused(assessment):
    other = default_matrix()
    foreign = other.levels.get(label="erreicht")
    criterion = assessment.cycle.matrix.criteria.get(code="K1")
    with pytest.raises(ValidationError, match="Skala"):
        services.assessment_save_draft(
            assessment=assessment,
            user=None,
            ratings={criterion.pk: services.Rating(level=foreign)},
            indicator_value=None,
            recommendation="",
            remarks="",
        )


def test_assessment_in_a_closed_cycle_cannot_be_changed(assessment):
    services.cycle_close(cycle=assessment.cycle, user=None, close_open=True)
    with pytest.raises(ValidationError, match="abgeschlossen"):
        draft(assessment, {"K1": "erreicht"})


def _post_data(assessment, labels, **extra):
    levels = {level.label: level.pk for level in assessment.cycle.matrix.levels.all()}
    data = {
        "indicator_value": "",
        "recommendation": "",
        "remarks": "",
        "original": assessment_original(assessment),
    }
    for c in assessment.cycle.matrix.criteria.all():
        data[f"level_{c.pk}"] = levels[labels[c.code]] if c.code in labels else ""
        data[f"justification_{c.pk}"] = f"Begründung {c.code}"
    data.update(extra)
    return data


def test_form_keeps_input_and_explains_a_bad_indicator_value(client, assessment, actor_member):
    client.force_login(actor_member)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    form = client.get(url).content.decode()
    assert "Abschließend bewerten" not in form  # only the coordinator finalises
    data = _post_data(assessment, {"K1": "erreicht"}, indicator_value="viele", draft="1")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie die markierten Angaben." in page
    assert "Begründung K1" in page
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.OPEN


def test_german_decimal_input_is_accepted(client, assessment, actor_member):
    client.force_login(actor_member)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    data = _post_data(assessment, {"K1": "erreicht"}, indicator_value="1.234,5", draft="1")
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert str(assessment.indicator_value) == "1234.50"
    assert assessment.state == AssessmentState.DRAFT


def test_coordinator_finalises_through_the_form_and_the_form_is_gone(
    client, assessment, coordinator
):
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    data = _post_data(assessment, ALL_REACHED, recommendation="adapt", finalise="1")
    assert client.post(url, data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == AssessmentState.FINAL
    assert assessment.recommendation == "adapt"
    assert client.get(url).status_code == 403
    detail = client.get(assessment.get_absolute_url()).content.decode()
    assert "Bewertung bearbeiten" not in detail


def test_incomplete_finalisation_lists_what_is_missing(client, assessment, coordinator):
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    response = client.post(url, _post_data(assessment, {"K1": "erreicht"}, finalise="1"))
    page = response.content.decode()
    assert "braucht jedes Kriterium eine Stufe" in page
    assert "braucht es eine Empfehlung" in page


def test_incomplete_finalisation_links_each_missing_level_by_its_criterion(
    client, assessment, coordinator
):
    client.force_login(coordinator)
    url = reverse("evaluation:assessment_update", args=[assessment.pk])
    response = client.post(url, _post_data(assessment, {"K1": "erreicht"}, finalise="1"))
    assert response.status_code == 200
    form = response.context["form"]
    criteria = {c.code: c.pk for c in assessment.cycle.matrix.criteria.all()}
    assert f"level_{criteria['K1']}" not in form.errors
    assert {f"level_{criteria[f'K{i}']}" for i in range(2, 7)} | {"recommendation"} == set(
        form.errors
    )
    page = response.content.decode()
    assert (
        f'<a class="alert-link" href="#id_level_{criteria["K2"]}">Stufe K2: Für eine '
        "abschließende Bewertung braucht jedes Kriterium eine Stufe" in page
    )
    assert '<a class="alert-link" href="#id_recommendation">Empfehlung: ' in page
    assessment.refresh_from_db()
    assert assessment.state == "open"
