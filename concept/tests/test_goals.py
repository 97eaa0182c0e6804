"""Goals per action field: everybody reads, the coordinator writes, history is kept."""

import pytest
from django.urls import reverse

from concept.models import Goal
from concept.tests.factories import GoalFactory, action_field
from measures.tests.factories import MeasureFactory

XSS = '<img src=x onerror="alert(1)">'

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("n", [5, 50])
def test_goal_list_needs_the_same_queries_for_5_and_50_goals(
    client, council, django_assert_num_queries, n
):
    for i in range(n):
        MeasureFactory(goal=GoalFactory(action_field=action_field(i % 7 + 1)))
    client.force_login(council)
    # session, user, groups, memberships (nav), action fields, goals with their measure count
    with django_assert_num_queries(6):
        response = client.get(reverse("concept:goal_list"))
    assert response.status_code == 200


def test_goal_list_shows_goals_per_action_field_with_their_measures(client, actor_member):
    goal = GoalFactory(action_field=action_field(3), title="Mehr Ausbildungsplätze")
    MeasureFactory(goal=goal, action_field=action_field(3))
    client.force_login(actor_member)
    response = client.get(reverse("concept:goal_list"))
    fields = list(response.context["fields"])
    assert [g.title for g in fields[2].goals.all()] == ["Mehr Ausbildungsplätze"]
    assert fields[2].goals.all()[0].measure_count == 1
    assert reverse("concept:goal_update", args=[goal.pk]) not in response.content.decode()


def test_coordinator_creates_edits_and_deletes_a_goal_with_history(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("concept:goal_create"),
        {"action_field": action_field(2).pk, "title": "Kitaplätze", "order": 1},
    )
    goal = Goal.objects.get(title="Kitaplätze")
    client.post(
        reverse("concept:goal_update", args=[goal.pk]),
        {"action_field": action_field(2).pk, "title": "Mehr Kitaplätze", "order": 1},
    )
    goal.refresh_from_db()
    assert goal.title == "Mehr Kitaplätze"
    measure = MeasureFactory(goal=goal, action_field=action_field(2))
    page = client.get(reverse("concept:goal_delete", args=[goal.pk])).content.decode()
    assert "1 Maßnahme dient diesem Ziel" in page
    client.post(reverse("concept:goal_delete", args=[goal.pk]))
    assert not Goal.objects.filter(pk=goal.pk).exists()
    measure.refresh_from_db()
    assert measure.goal is None
    history = Goal.history.filter(id=goal.pk).order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {coordinator}


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
