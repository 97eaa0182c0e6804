"""Goals per action field: everybody reads, the coordinator writes, history is kept."""

import pytest
from django.urls import reverse

from concept.models import Goal
from concept.tests.factories import GoalFactory, action_field

XSS = '<img src=x onerror="alert(1)">'

pytestmark = pytest.mark.django_db


def test_goal_form_keeps_input_on_a_duplicate_title(client, coordinator):
    GoalFactory(action_field=action_field(1), title="Doppelt")
    client.force_login(coordinator)
    response = client.post(
        reverse("concept:goal_create"),
        {"action_field": action_field(1).pk, "title": "Doppelt", "description": "Mein Text"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Ziel gibt es in diesem Handlungsfeld schon." in html
    assert "Mein Text" in html
    assert Goal.objects.filter(title="Doppelt").count() == 1


def test_goal_create_preselects_the_action_field(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("concept:goal_create") + "?action_field=4")
    assert response.context["form"].initial["action_field"] == 4


def test_xss_in_goal_texts_comes_out_escaped(client, council, coordinator):
    goal = GoalFactory(title=XSS, description=XSS)
    for user in (council, coordinator):
        client.force_login(user)
        for url in (
            reverse("concept:goal_list"),
            reverse("concept:goal_update", args=[goal.pk]),
            reverse("concept:goal_delete", args=[goal.pk]),
        ):
            response = client.get(url)
            if response.status_code == 200:
                html = response.content.decode()
                assert XSS not in html
                assert "&lt;img src=x onerror=" in html
