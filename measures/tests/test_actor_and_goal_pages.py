"""The measures on the concept pages: measures fills concept's slots (``concept/panels.py``)
with the measures an actor leads and supports, their counts, the measures serving a goal,
and the reasons an actor or a goal must stay."""

import pytest
from django.urls import reverse

from concept.models import Actor, Goal
from concept.tests.factories import ActorFactory, GoalFactory, MembershipFactory, action_field
from measures.models import MeasureStatus
from measures.tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


def _actors_with_measures(n):
    for i in range(n):
        actor = ActorFactory(name=f"Akteur {i:03}")
        MembershipFactory(actor=actor)
        measure = MeasureFactory(lead_actor=actor)
        measure.partners.add(ActorFactory(name=f"Partner {i:03}"))


@pytest.mark.parametrize("n", [5, 50])
def test_actor_list_needs_the_same_queries_for_5_and_50_actors(
    client, council, django_assert_num_queries, n
):
    _actors_with_measures(n)
    client.force_login(council)
    # session, user, paginator count, the user's groups (rules), the user's memberships
    # (nav), actors with their 3 counts; no model permissions for non-staff users
    with django_assert_num_queries(6):
        response = client.get(reverse("concept:actor_list"))
    assert response.status_code == 200


def test_actor_list_counts_measures_led_and_partnered(client, council):
    lead, partner = ActorFactory(name="Leitet"), ActorFactory(name="Hilft")
    for _ in range(3):
        MeasureFactory(lead_actor=lead).partners.add(partner)
    MeasureFactory(lead_actor=partner)
    client.force_login(council)
    actors = {a.name: a for a in client.get(reverse("concept:actor_list")).context["actors"]}
    assert (actors["Leitet"].led_count, actors["Leitet"].partner_count) == (3, 0)
    assert (actors["Hilft"].led_count, actors["Hilft"].partner_count) == (1, 3)


def test_actor_detail_shows_contact_members_and_measures_as_lead_and_partner(client, council):
    actor = ActorFactory(name="VHS", contact_person="Herr Kurs", phone="0511 123")
    member = MembershipFactory(actor=actor, user__first_name="Mia", user__last_name="Mitglied")
    MeasureFactory(lead_actor=actor, title="Sprachcafé", status=MeasureStatus.DELAYED)
    MeasureFactory(title="Elternabend").partners.add(actor)
    client.force_login(council)
    response = client.get(reverse("concept:actor_detail", args=[actor.pk]))
    html = response.content.decode()
    assert "Herr Kurs" in html and "0511 123" in html
    assert str(member.user) in html
    assert "Sprachcafé" in html and "verzögert" in html and "31.12.2027" in html
    assert "Elternabend" in html


@pytest.mark.parametrize("n", [5, 50])
def test_actor_detail_needs_the_same_queries_for_5_and_50_measures(
    client, coordinator, django_assert_num_queries, n
):
    actor = ActorFactory()
    for i in range(n):
        MeasureFactory(lead_actor=actor).partners.add(ActorFactory())
        MeasureFactory().partners.add(actor)
        if i % 5 == 0:
            MembershipFactory(actor=actor)
    client.force_login(coordinator)
    # session, user, actor, groups (rules), memberships with users, led measures,
    # partner measures, the actor's other names (import aliases), people who may be added as
    # members
    with django_assert_num_queries(9):
        response = client.get(reverse("concept:actor_detail", args=[actor.pk]))
    assert len(response.context["actor"].led) == n


def test_deleting_an_actor_that_leads_measures_is_refused_with_a_german_message(
    client, coordinator, own_actor
):
    MeasureFactory(lead_actor=own_actor)
    client.force_login(coordinator)
    page = client.get(reverse("concept:actor_delete", args=[own_actor.pk])).content.decode()
    assert "kann nicht gelöscht werden" in page and "Endgültig löschen" not in page
    response = client.post(reverse("concept:actor_delete", args=[own_actor.pk]), follow=True)
    assert Actor.objects.filter(pk=own_actor.pk).exists()
    assert "federführend verantwortet" in response.content.decode()


def test_deleting_an_actor_without_measures_works(client, coordinator, own_actor):
    MeasureFactory().partners.add(own_actor)
    client.force_login(coordinator)
    response = client.post(reverse("concept:actor_delete", args=[own_actor.pk]))
    assert response.url == reverse("concept:actor_list")
    assert not Actor.objects.filter(pk=own_actor.pk).exists()
    assert Actor.history.filter(id=own_actor.pk, history_type="-").get().history_user == coordinator


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
