"""Changes to a cycle's measures and who made them: measures entered after the start can be
taken in; closing, the default matrix and copies name their author in the history, also
outside a request (commands)."""

import datetime

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.models import Assessment, CriterionScore
from measures.tests.factories import MeasureFactory

from .factories import PERIOD, default_matrix, finalise, start_cycle

pytestmark = pytest.mark.django_db


def test_a_measure_entered_after_the_cycle_began_is_listed_and_taken_in(client, coordinator):
    MeasureFactory(number="1.1", start_date=datetime.date(2026, 2, 1))
    cycle = start_cycle()
    late = MeasureFactory(number="1.2", title="Spät eingetragen", start_date=PERIOD[0])
    client.force_login(coordinator)
    page = client.get(cycle.get_absolute_url()).content.decode()
    assert "1 Maßnahme des Zeitraums fehlt in diesem Zyklus" in page
    assert "<li>1.2 Spät eingetragen</li>" in page

    url = reverse("evaluation:cycle_add_missing", args=[cycle.pk])
    assert client.post(url).status_code == 302
    added = cycle.assessments.get(measure=late)
    assert added.state == "open" and added.scores.count() == 6
    assert added.history.get().history_user == coordinator
    assert set(
        CriterionScore.history.filter(assessment_id=added.pk).values_list("history_user", flat=True)
    ) == {coordinator.pk}
    assert "fehlt in diesem Zyklus" not in client.get(cycle.get_absolute_url()).content.decode()
    assert client.post(url).status_code == 302  # nothing left to add: nothing doubled
    assert cycle.assessments.filter(measure=late).count() == 1


def test_a_closed_cycle_takes_in_nothing(client, coordinator):
    MeasureFactory(start_date=PERIOD[0])
    cycle = start_cycle()
    services.cycle_close(cycle=cycle, user=None, close_open=True)
    MeasureFactory(start_date=PERIOD[0])
    client.force_login(coordinator)
    assert "fehlt in diesem Zyklus" not in client.get(cycle.get_absolute_url()).content.decode()
    response = client.post(reverse("evaluation:cycle_add_missing", args=[cycle.pk]))
    assert response.status_code == 403
    with pytest.raises(Exception, match="abgeschlossen"):
        services.cycle_add_missing_measures(cycle=cycle, user=coordinator)
    assert cycle.assessments.count() == 1


def test_closing_names_the_user_in_the_history_of_the_cycle_and_the_open_assessments(
    coordinator,
):
    done, left = MeasureFactory(start_date=PERIOD[0]), MeasureFactory(start_date=PERIOD[0])
    cycle = start_cycle()
    finalise(cycle.assessments.get(measure=done))
    services.cycle_close(cycle=cycle, user=coordinator, close_open=True)
    closed = cycle.history.latest("history_date")
    assert (closed.state, closed.history_user) == ("closed", coordinator)
    record = Assessment.objects.get(cycle=cycle, measure=left).history.latest("history_date")
    assert (record.not_assessed, record.history_type, record.history_user) == (
        True,
        "~",
        coordinator,
    )


def test_the_default_matrix_and_a_copy_name_their_author(coordinator):
    matrix = services.matrix_create_default(user=coordinator)
    copy = services.matrix_copy(matrix=matrix, user=coordinator)
    for m in (matrix, copy):
        assert m.history.get().history_user == coordinator
        for related in (m.criteria, m.levels):
            for obj in related.all():
                assert obj.history.get().history_user == coordinator


def test_default_matrix_without_user_still_works():
    assert default_matrix().criteria.count() == 6
