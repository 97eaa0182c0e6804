"""The measure form helps choosing: goals grouped by action field, partners as checkboxes,
the next free number of each action field suggested on a new measure."""

import re

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures.models import Measure

from .factories import MeasureFactory


@pytest.mark.django_db
def test_highest_numbers_per_action_field():
    MeasureFactory(number="1.2", action_field=action_field(1))
    MeasureFactory(number="1.10", action_field=action_field(1))
    MeasureFactory(number="3.1", action_field=action_field(3))
    MeasureFactory(number="Sonder-A", action_field=action_field(3))
    assert Measure.objects.highest_numbers() == {1: 10, 3: 1}


@pytest.mark.django_db
def test_new_measure_form_suggests_the_next_free_numbers(client, coordinator):
    MeasureFactory(number="1.10", action_field=action_field(1))
    client.force_login(coordinator)
    html = client.get(reverse("measures:create")).content.decode()
    assert "Nächste freie Nummer je Handlungsfeld: 1.11 · 2.1 · 3.1" in html


@pytest.mark.django_db
def test_goals_are_grouped_by_action_field_and_still_validated(client, coordinator):
    GoalFactory(action_field=action_field(2), title="Kinder sprechen Deutsch")
    client.force_login(coordinator)
    html = client.get(reverse("measures:create")).content.decode()
    select = re.search(r'<select name="goal".*?</select>', html, re.S).group(0)
    group = re.search(r'<optgroup label="2\. [^"]+">(.*?)</optgroup>', select, re.S)
    assert group and "Kinder sprechen Deutsch" in group.group(1)
    assert "– bitte wählen –" in select


@pytest.mark.django_db
def test_partners_are_checkboxes(client, coordinator):
    ActorFactory(name="Caritas")
    client.force_login(coordinator)
    html = client.get(reverse("measures:create")).content.decode()
    assert re.search(r'<input type="checkbox"[^>]*name="partners"', html)
    assert "Strg" not in html


@pytest.mark.django_db
def test_edit_form_keeps_the_chosen_goal_and_partners(client, coordinator):
    goal = GoalFactory(action_field=action_field(2), title="Lesen")
    partner = ActorFactory(name="Caritas")
    measure = MeasureFactory(action_field=action_field(2), goal=goal)
    measure.partners.add(partner)
    client.force_login(coordinator)
    html = client.get(reverse("measures:update", args=[measure.pk])).content.decode()
    assert re.search(rf'<option value="{goal.pk}"[^>]* selected[^>]*>Lesen</option>', html)
    assert re.search(rf'<input type="checkbox"[^>]*value="{partner.pk}"[^>]*checked', html)
    assert "Nächste freie Nummer" not in html
