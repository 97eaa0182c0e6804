"""Every evaluation page costs the same number of queries for 3 measures as for 30 (and
so for thousands: ``make bench`` and a probe with 1,200 measures agree), for every role that
may open it; the PDF report too."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation import report, services
from evaluation.models import AssessmentState, CriterionScore
from measures.tests.factories import MeasureFactory

from .factories import default_matrix, draft, finalise

pytestmark = pytest.mark.django_db

PERIODS = [
    (datetime.date(2022, 1, 1), datetime.date(2023, 12, 31)),
    (datetime.date(2024, 1, 1), datetime.date(2025, 12, 31)),
    (datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
]
MIXED = {"K1": "erreicht", "K2": "teilweise erreicht", "K5": "nicht bewertbar"}
FULL = {**{f"K{i}": "überwiegend erreicht" for i in range(1, 7)}, "K3": "nicht bewertbar"}


def _cycle(matrix, period, title, *, close=True):
    cycle = services.cycle_start(
        title=title,
        period_start=period[0],
        period_end=period[1],
        matrix=matrix,
        due_date=period[1] + datetime.timedelta(days=90),
    )
    for i, assessment in enumerate(cycle.assessments.order_by("pk")):
        if i % 3 == 0:
            finalise(assessment, FULL, recommendation="continue")
        elif i % 3 == 1:
            draft(assessment, MIXED, remarks="Entwurf")
    if close:
        services.cycle_close(cycle=cycle, user=None, close_open=True)
    return cycle


@pytest.fixture
def cycles(own_actor, other_actor):
    """A small and a big cycle, each with a previous one to compare with; a running one."""
    matrix = default_matrix()
    start = datetime.date(2022, 1, 1)
    MeasureFactory.create_batch(2, lead_actor=own_actor, start_date=start)
    MeasureFactory(lead_actor=other_actor, start_date=start)
    _cycle(matrix, PERIODS[0], "Evaluierung 2022–2023")
    small = _cycle(matrix, PERIODS[1], "Evaluierung 2024–2025")
    MeasureFactory.create_batch(15, lead_actor=own_actor, start_date=start)
    MeasureFactory.create_batch(12, lead_actor=other_actor, start_date=start)
    big = _cycle(matrix, PERIODS[2], "Evaluierung 2026–2027")
    running = _cycle(
        matrix, (datetime.date(2028, 1, 1), datetime.date(2029, 12, 31)), "Lauf", close=False
    )
    assert (small.assessments.count(), big.assessments.count()) == (3, 30)
    return small, big, running


def _count(client, url, status=200) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status, url
    return len(queries)


CYCLE_PAGES = ["cycle_detail", "cycle_results", "cycle_report"]


@pytest.mark.parametrize("role", ["coordinator", "council"])
@pytest.mark.parametrize("page", CYCLE_PAGES)
def test_cycle_pages_cost_the_same_for_3_and_30_measures(client, request, cycles, role, page):
    small, big, _ = cycles
    client.force_login(request.getfixturevalue(role))
    few = _count(client, reverse(f"evaluation:{page}", args=[small.pk]))
    many = _count(client, reverse(f"evaluation:{page}", args=[big.pk]))
    # session, user, groups, memberships (twice), cycle with matrix; the detail: assessments
    # with measure, field and actor (+ progress); results: the cycle again, criteria, levels
    # and scores of it and of the previous cycle, the previous assessments, the action
    # fields, the assessments
    assert few == many
    assert many <= 17


def test_the_list_of_cycles_and_the_close_page_do_not_grow(client, coordinator, cycles):
    small, big, running = cycles
    client.force_login(coordinator)
    assert _count(client, reverse("evaluation:index")) <= 6
    # the close page lists every assessment not yet final (one query)
    close = _count(client, reverse("evaluation:cycle_close", args=[running.pk]))
    assert running.assessments.exclude(state=AssessmentState.FINAL).count() == 20
    assert close <= 8


@pytest.mark.parametrize("role", ["coordinator", "actor_member"])
def test_assessment_pages_do_not_depend_on_the_number_of_measures_or_saves(
    client, request, cycles, role, own_actor
):
    _, big, running = cycles
    user = request.getfixturevalue(role)
    client.force_login(user)
    own = running.assessments.filter(measure__lead_actor=own_actor).exclude(
        state=AssessmentState.FINAL
    )
    first, second = own.order_by("pk")[:2]
    for _ in range(5):  # a long history
        draft(second, MIXED, remarks=f"Entwurf {_}")
    for url_name in ("assessment_detail", "assessment_update"):
        a = _count(client, reverse(f"evaluation:{url_name}", args=[first.pk]))
        b = _count(client, reverse(f"evaluation:{url_name}", args=[second.pk]))
        assert a == b <= 10, url_name


def test_matrix_pages_do_not_grow_with_cycles(client, coordinator, cycles):
    small, _, _ = cycles
    client.force_login(coordinator)
    assert _count(client, reverse("evaluation:matrix_list")) <= 6
    assert _count(client, reverse("evaluation:matrix_detail", args=[small.matrix_id])) <= 10


def test_the_pdf_report_costs_the_same_for_3_and_30_measures(cycles):
    small, big, _ = cycles
    counts = []
    for cycle in (small, big):
        with CaptureQueriesContext(connection) as queries:
            report.render(cycle)
        counts.append(len(queries))
    # 13 since the report reads the municipality profile fresh (one query: the worker that
    # renders it may not have seen the coordination's latest change in its cache)
    assert counts[0] == counts[1] <= 13


def test_starting_a_cycle_costs_the_same_for_3_and_30_measures_with_history_and_user(
    coordinator,
):
    matrix = default_matrix()
    start = datetime.date(2022, 1, 1)
    counts = []
    for n, period in ((3, PERIODS[0]), (27, PERIODS[1])):
        MeasureFactory.create_batch(n, start_date=start)
        with CaptureQueriesContext(connection) as queries:
            cycle = services.cycle_start(
                title=str(period[0].year),
                period_start=period[0],
                period_end=period[1],
                matrix=matrix,
                due_date=period[1],
                user=coordinator,
            )
        counts.append(len(queries))
    assert counts[0] == counts[1]  # it was 2 + 2 × 7 inserts per measure
    assert cycle.assessments.count() == 30
    assert cycle.history.get().history_user == coordinator
    for assessment in cycle.assessments.all():
        created = assessment.history.get()
        assert (created.history_type, created.history_user) == ("+", coordinator)
    scores = CriterionScore.history.filter(assessment__cycle=cycle)
    assert scores.count() == 30 * 6
    assert set(scores.values_list("history_user", flat=True)) == {coordinator.pk}


@pytest.mark.parametrize("role", ["coordinator", "actor_member", "council"])
def test_the_matrix_page_does_not_grow_with_the_cycles_that_use_it(client, request, role):
    matrix = default_matrix()
    client.force_login(request.getfixturevalue(role))
    url = reverse("evaluation:matrix_detail", args=[matrix.pk])
    counts = []
    for period in PERIODS:
        _cycle(matrix, period, str(period[0].year), close=period != PERIODS[-1])
        counts.append(_count(client, url))
    assert counts[0] == counts[-1]
