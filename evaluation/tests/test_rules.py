"""The list querysets agree with the predicates, for every role."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from concept.tests.factories import UserFactory
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


@pytest.mark.parametrize(
    "role", ["anonymous", "coordinator", "actor", "other_actor", "council", "no_role"]
)
def test_visible_cycles_and_assessments_agree_with_the_permissions(world, role):
    if role == "anonymous":
        user = AnonymousUser()
    elif role == "no_role":
        user = UserFactory(username="ohne-rolle")
    else:
        user = world.users[role]
    allowed = {
        c for c in EvaluationCycle.objects.all() if user.has_perm("evaluation.view_cycle", c)
    }
    assert set(EvaluationCycle.objects.visible_to(user)) == allowed
    assessments = Assessment.objects.select_related("cycle", "measure")
    allowed = {a for a in assessments if user.has_perm("evaluation.view_assessment", a)}
    assert set(Assessment.objects.visible_to(user)) == allowed
    if role in ("actor", "council"):  # the world tells them apart: some seen, some not
        assert 0 < len(allowed) < len(assessments)


def test_actor_members_see_only_assessments_of_measures_their_actor_leads(world):
    actor = world.users["actor"]
    assert {a.measure for a in Assessment.objects.visible_to(actor)} == {world.own_measure}


def test_council_sees_closed_cycles_only(world):
    council = world.users["council"]
    assert [c.state for c in EvaluationCycle.objects.visible_to(council)] == ["closed"]


@pytest.mark.parametrize(
    ("role", "may_author", "may_extend"),
    [
        ("coordinator", True, True),
        ("actor", True, False),
        ("other_actor", False, False),
        ("council", False, False),
    ],
)
def test_who_may_write_an_assessment_and_take_measures_into_a_running_cycle(
    world, role, may_author, may_extend
):
    user = world.users[role]
    running = EvaluationCycle.objects.get(state="open")
    closed = EvaluationCycle.objects.get(state="closed")
    for cycle in (running, closed):
        own = cycle.assessments.select_related("cycle", "measure").get(measure=world.own_measure)
        # writing at all (the form itself answers "final or closed meanwhile") …
        assert user.has_perm("evaluation.author_assessment", own) == may_author
        # … drafting only while the cycle runs
        assert user.has_perm("evaluation.draft_assessment", own) == (
            may_author and cycle == running
        )
    assert user.has_perm("evaluation.extend_cycle", running) == may_extend
    assert not user.has_perm("evaluation.extend_cycle", closed)


@pytest.mark.parametrize(
    ("role", "running_cycle", "closed_cycle"),
    [
        ("coordinator", True, True),
        ("actor", False, False),
        ("other_actor", False, False),
        ("council", False, True),
    ],
)
def test_whoever_sees_the_results_may_have_the_report_pdf_rendered(
    world, role, running_cycle, closed_cycle
):
    user = world.users[role]
    running = EvaluationCycle.objects.get(state="open")
    closed = EvaluationCycle.objects.get(state="closed")
    for cycle, expected in ((running, running_cycle), (closed, closed_cycle)):
        assert user.has_perm("evaluation.request_report", cycle) == expected
        assert user.has_perm("evaluation.view_results", cycle) == expected
