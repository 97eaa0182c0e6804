"""The admin is no way around the evaluation's rules: what is fixed in the app is fixed there,
including reverting to a past version from the history."""

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Assessment, EvaluationCycle, EvaluationMatrix
from measures.tests.factories import MeasureFactory

from .factories import default_matrix, draft, finalise, start_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, coordinator):
    client.force_login(coordinator)
    return client


def _revert_url(obj, record):
    name = f"admin:evaluation_{obj._meta.model_name}_simple_history"
    return reverse(name, args=[obj.pk, record.history_id])


def test_reverting_a_locked_matrix_to_a_past_version_is_refused(admin_client):
    matrix = default_matrix()
    first = matrix.history.get()
    matrix.description = "zweite Fassung"
    matrix.save()
    start_cycle(matrix)
    response = admin_client.post(
        _revert_url(matrix, first), {"name": "alter Name", "description": "erste Fassung"}
    )
    assert response.status_code == 403
    matrix.refresh_from_db()
    assert (matrix.name, matrix.description) != ("alter Name", "erste Fassung")
    # looking at the past version is still fine
    assert admin_client.get(_revert_url(matrix, first)).status_code == 200


def test_reverting_a_final_assessment_to_its_draft_is_refused(admin_client):
    MeasureFactory()
    assessment = start_cycle().assessments.get()
    draft(assessment, {"K1": "erreicht"}, remarks="Entwurf")
    drafted = assessment.history.latest("history_date")
    finalise(assessment, remarks="endgültig", recommendation="continue")
    response = admin_client.post(
        _revert_url(assessment, drafted),
        {"indicator_value": "", "recommendation": "stop", "remarks": "Entwurf"},
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert (assessment.recommendation, assessment.remarks) == ("continue", "endgültig")


def test_an_unfinished_assessment_of_a_closed_cycle_cannot_be_changed_in_the_admin(
    admin_client,
):
    MeasureFactory()
    cycle = start_cycle()
    assessment = cycle.assessments.get()
    services.cycle_close(cycle=cycle, user=None, close_open=True)
    url = reverse("admin:evaluation_assessment_change", args=[assessment.pk])
    response = admin_client.post(url, {"remarks": "nachträglich"})
    assert response.status_code == 403
    assert Assessment.objects.get(pk=assessment.pk).remarks == ""
    delete = reverse("admin:evaluation_assessment_delete", args=[assessment.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403


def test_the_admin_offers_only_the_levels_of_the_cycles_matrix(admin_client):
    MeasureFactory()
    cycle = start_cycle()
    assessment = cycle.assessments.get()
    other = services.matrix_copy(matrix=cycle.matrix)
    response = admin_client.get(reverse("admin:evaluation_assessment_change", args=[assessment.pk]))
    assert response.status_code == 200
    form = response.context["inline_admin_formsets"][0].formset.forms[0]
    offered = set(form.fields["level"].queryset.values_list("matrix_id", flat=True))
    assert offered == {cycle.matrix_id} != {other.pk}
    assert "criterion" not in form.fields  # read-only


def test_cycles_are_started_in_the_app_and_a_closed_cycle_is_read_only_in_the_admin(
    admin_client,
):
    MeasureFactory()
    cycle = start_cycle()
    assert admin_client.get(reverse("admin:evaluation_evaluationcycle_add")).status_code == 403
    change = reverse("admin:evaluation_evaluationcycle_change", args=[cycle.pk])
    form = admin_client.get(change).context["adminform"].form
    assert {"title", "due_date"} <= set(form.fields)
    assert not {"period_start", "period_end", "matrix"} & set(form.fields)
    services.cycle_close(cycle=cycle, user=None, close_open=True)
    response = admin_client.post(change, {"title": "umbenannt", "due_date": "01.01.2030"})
    assert response.status_code == 403
    assert EvaluationCycle.objects.get(pk=cycle.pk).title == cycle.title
    delete = reverse("admin:evaluation_evaluationcycle_delete", args=[cycle.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert EvaluationMatrix.objects.get(pk=cycle.matrix_id).is_locked
