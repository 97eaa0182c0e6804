import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from evaluation import services
from evaluation.forms import add_months, default_period
from evaluation.models import CycleState, EvaluationCycle
from evaluation.results import cycle_progress
from measures.tests.factories import MeasureFactory

from .factories import default_matrix, draft, finalise, start_cycle

pytestmark = pytest.mark.django_db


def test_cycle_with_open_assessments_is_not_closed_unless_explicitly(coordinator):
    MeasureFactory.create_batch(2)
    cycle = start_cycle()
    first, second = cycle.assessments.all()
    finalise(first)
    with pytest.raises(ValidationError, match="noch nicht abschließend"):
        services.cycle_close(cycle=cycle, user=coordinator)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN
    left_open = services.cycle_close(cycle=cycle, user=coordinator, close_open=True)
    assert left_open == [second]
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.not_assessed and not first.not_assessed
    assert cycle.state == CycleState.CLOSED and cycle.closed_by == coordinator


def test_cycle_with_all_assessments_final_closes_without_confirmation(client, coordinator):
    MeasureFactory()
    cycle = start_cycle()
    finalise(cycle.assessments.get())
    client.force_login(coordinator)
    response = client.post(reverse("evaluation:cycle_close", args=[cycle.pk]))
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.is_closed


def test_close_page_lists_the_open_ones_and_needs_the_confirmation(client, coordinator):
    MeasureFactory(number="4.7", title="Sprachcafé")
    cycle = start_cycle()
    client.force_login(coordinator)
    url = reverse("evaluation:cycle_close", args=[cycle.pk])
    page = client.get(url).content.decode()
    assert "Sprachcafé" in page
    response = client.post(url)
    assert "noch nicht abschließend" in response.content.decode()
    cycle.refresh_from_db()
    assert not cycle.is_closed
    client.post(url, {"close_open": "1"})
    cycle.refresh_from_db()
    assert cycle.is_closed


def test_coordinator_starts_a_cycle_with_german_dates(client, coordinator):
    MeasureFactory.create_batch(3)
    matrix = default_matrix()
    client.force_login(coordinator)
    data = {
        "title": "Evaluierung 2026–2027",
        "period_start": "01.01.2026",
        "period_end": "31.12.2027",
        "matrix": matrix.pk,
        "due_date": "31.03.2028",
    }
    response = client.post(reverse("evaluation:cycle_create"), data)
    cycle = EvaluationCycle.objects.get()
    assert response.url == cycle.get_absolute_url()
    assert cycle.assessments.count() == 3
    assert cycle.due_date == datetime.date(2028, 3, 31)
    assert matrix.is_locked


def test_period_end_before_start_is_refused_and_the_input_kept(client, coordinator):
    matrix = default_matrix()
    client.force_login(coordinator)
    data = {
        "title": "Falsch herum",
        "period_start": "01.01.2027",
        "period_end": "31.12.2026",
        "matrix": matrix.pk,
        "due_date": "31.03.2028",
    }
    page = client.post(reverse("evaluation:cycle_create"), data).content.decode()
    assert "Das Ende des Zeitraums liegt vor seinem Beginn." in page
    assert 'value="Falsch herum"' in page
    assert not EvaluationCycle.objects.exists()


@override_settings(EVALUATION_CYCLE_MONTHS=12)
def test_default_period_follows_the_setting_and_the_previous_cycle():
    today = datetime.date(2026, 11, 25)
    assert default_period(today) == (datetime.date(2025, 11, 1), datetime.date(2026, 10, 31))
    start_cycle(period=(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)))
    assert default_period(today) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def test_default_period_is_two_years():
    assert default_period(datetime.date(2026, 11, 25)) == (
        datetime.date(2024, 11, 1),
        datetime.date(2026, 10, 31),
    )
    assert add_months(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)


def test_progress_counts_states_overall_and_per_lead_actor(own_actor, other_actor):
    MeasureFactory.create_batch(2, lead_actor=own_actor)
    MeasureFactory(lead_actor=other_actor)
    cycle = start_cycle()
    own = cycle.assessments.filter(measure__lead_actor=own_actor)
    draft(own[0], {"K1": "erreicht"})
    finalise(cycle.assessments.get(measure__lead_actor=other_actor))
    progress = cycle_progress(cycle)
    assert progress["states"] == ["offen", "Entwurf", "abschließend"]
    assert progress["overall"] == [1, 1, 1]
    assert progress["per_actor"] == [
        ("Anderer Verein", [0, 0, 1], 1),
        ("Eigener Verein", [1, 1, 0], 2),
    ]


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["coordinator", "actor_member"])
def test_cycle_page_query_count_does_not_grow_with_measures(client, request, role, own_actor):
    user = request.getfixturevalue(role)
    MeasureFactory.create_batch(5, lead_actor=own_actor)
    small = start_cycle()
    MeasureFactory.create_batch(45, lead_actor=own_actor)
    # The next period: running cycles may not overlap.
    big = start_cycle(
        small.matrix, (datetime.date(2028, 1, 1), datetime.date(2029, 12, 31)), "Groß"
    )
    assert big.assessments.count() == 50
    client.force_login(user)
    few = _count_queries(client, reverse("evaluation:cycle_detail", args=[small.pk]))
    many = _count_queries(client, reverse("evaluation:cycle_detail", args=[big.pk]))
    # session, user, groups, (memberships), cycle, assessments with measure, field and actor;
    # coordinator: progress per actor and state
    assert few == many


def test_cycle_list_query_count_does_not_grow_with_cycles(client, coordinator):
    matrix = default_matrix()
    start_cycle(matrix)
    client.force_login(coordinator)
    few = _count_queries(client, reverse("evaluation:index"))
    for i in range(10):
        period = (datetime.date(2028 + 2 * i, 1, 1), datetime.date(2029 + 2 * i, 12, 31))
        start_cycle(matrix, period, title=f"Zyklus {i}")
    # session, user, groups, cycles with matrix and assessment count
    assert _count_queries(client, reverse("evaluation:index")) == few


def test_cycle_form_points_to_the_matrices_when_there_is_none(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("evaluation:cycle_create")).content.decode()
    assert "Es gibt noch keine Bewertungsmatrix." in page
    default_matrix()
    page = client.get(reverse("evaluation:cycle_create")).content.decode()
    assert "Es gibt noch keine Bewertungsmatrix." not in page


@pytest.mark.parametrize(
    ("role", "heading", "other"),
    [
        ("coordinator", "Alle Bewertungen", "Bewertungen Ihrer Maßnahmen"),
        ("actor_member", "Bewertungen Ihrer Maßnahmen", "Alle Bewertungen"),
        ("council", "Bewertungen der Maßnahmen", "Bewertungen Ihrer Maßnahmen"),
    ],
)
def test_each_role_sees_a_heading_that_fits_it_on_the_cycle_page(
    client, request, role, heading, other
):
    user = request.getfixturevalue(role)
    MeasureFactory()
    cycle = start_cycle()
    services.cycle_close(cycle=cycle, user=None, close_open=True)  # the council sees it closed
    client.force_login(user)
    page = client.get(reverse("evaluation:cycle_detail", args=[cycle.pk])).content.decode()
    assert f'<h2 class="h4">{heading}</h2>' in page
    assert other not in page
