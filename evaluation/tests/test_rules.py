"""The list querysets agree with the predicates, for every role."""

import datetime

import pytest

from evaluation import services
from evaluation.models import Assessment, EvaluationCycle
from measures.tests.factories import MeasureFactory
from tests.permission_matrix import build_world

from .factories import finalise, start_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    MeasureFactory(lead_actor=None, number="7.7")
    closed = start_cycle(period=(datetime.date(2025, 1, 1), datetime.date(2026, 6, 30)))
    for assessment in closed.assessments.all():
        finalise(assessment)
    services.cycle_close(cycle=closed, user=None)
    start_cycle(closed.matrix, (datetime.date(2026, 7, 1), datetime.date(2028, 6, 30)), "Laufend")
    return world


@pytest.mark.parametrize("role", ["coordinator", "actor", "other_actor", "council"])
def test_visible_cycles_and_assessments_agree_with_the_permissions(world, role):
    user = world.users[role]
    for cycle in EvaluationCycle.objects.all():
        visible = EvaluationCycle.objects.visible_to(user).filter(pk=cycle.pk).exists()
        assert visible == user.has_perm("evaluation.view_cycle", cycle), (role, cycle)
    for assessment in Assessment.objects.select_related("cycle", "measure"):
        visible = Assessment.objects.visible_to(user).filter(pk=assessment.pk).exists()
        assert visible == user.has_perm("evaluation.view_assessment", assessment), (
            role,
            assessment,
        )


def test_actor_members_see_only_assessments_of_measures_their_actor_leads(world):
    actor = world.users["actor"]
    assert {a.measure for a in Assessment.objects.visible_to(actor)} == {world.own_measure}


def test_council_sees_closed_cycles_only(world):
    council = world.users["council"]
    assert [c.state for c in EvaluationCycle.objects.visible_to(council)] == ["closed"]
