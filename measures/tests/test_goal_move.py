"""A goal that measures serve cannot move to another action field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from concept import services
from concept.models import ActionField
from concept.tests.factories import GoalFactory
from measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def other_field(goal):
    return ActionField.objects.exclude(pk=goal.action_field_id).first()


def test_a_goal_with_measures_stays_in_its_field(coordinator):
    goal = GoalFactory()
    MeasureFactory(goal=goal, action_field=goal.action_field)
    with pytest.raises(ValidationError) as refused:
        services.goal_update(goal=goal, user=coordinator, action_field=other_field(goal))
    assert "Diesem Ziel dient 1 Maßnahme" in refused.value.message_dict["action_field"][0]


def test_a_goal_without_measures_may_move_and_be_renamed(coordinator):
    goal = GoalFactory()
    target = other_field(goal)
    services.goal_update(goal=goal, user=coordinator, action_field=target, title="Neu")
    goal.refresh_from_db()
    assert (goal.action_field, goal.title) == (target, "Neu")


def test_the_form_says_why_and_keeps_the_input(client, coordinator):
    goal = GoalFactory(title="Sprachförderung")
    MeasureFactory.create_batch(2, goal=goal, action_field=goal.action_field)
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:goal_update", args=[goal.pk]),
        {"action_field": other_field(goal).pk, "title": "Sprachförderung für alle", "order": 0},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diesem Ziel dienen 2 Maßnahmen" in html
    assert 'value="Sprachförderung für alle"' in html
    goal.refresh_from_db()
    assert goal.title == "Sprachförderung"
