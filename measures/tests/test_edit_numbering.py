"""Creating a measure by hand: the number is the next free one of its action field unless the
coordinator types another, a taken number says which measure has it and what is free, and the
goal must belong to the chosen field."""

import html as html_lib
import json
import re

import pytest
from django.urls import reverse

from concept.tests.factories import GoalFactory, action_field
from measures import services
from measures.models import Measure

from .factories import MeasureFactory
from .test_edit import CREATE, form_data


@pytest.mark.django_db
def test_next_free_number_is_one_above_the_highest_of_the_field():
    MeasureFactory(number="3.2", action_field=action_field(3))
    MeasureFactory(number="3.10", action_field=action_field(3))
    MeasureFactory(number="1.4", action_field=action_field(1))
    MeasureFactory(number="Sonder-A", action_field=action_field(3))
    assert Measure.objects.next_free_number(action_field(3)) == "3.11"
    assert Measure.objects.next_free_number(action_field(2)) == "2.1"
    assert Measure.objects.next_free_numbers([1, 2, 3]) == {1: "1.5", 2: "2.1", 3: "3.11"}


@pytest.mark.django_db
def test_next_free_number_skips_a_number_held_by_a_measure_of_another_field():
    """Numbers are unique across the concept: an old "3.4" filed under field 2 still takes it."""
    MeasureFactory(number="2.1")
    stray = MeasureFactory(number="3.4", action_field=action_field(3))
    stray.action_field = action_field(2)
    stray.save()  # the model check would refuse this today; old data may hold it
    assert Measure.objects.next_free_number(action_field(3)) == "3.5"


@pytest.mark.django_db
def test_blank_number_gets_the_next_free_number_of_the_chosen_field(client, coordinator):
    MeasureFactory(number="3.6", action_field=action_field(3))
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(number=""))
    assert response.status_code == 302
    measure = Measure.objects.get(title="Elterncafé")
    assert measure.number == "3.7"
    assert "Maßnahme 3.7 angelegt." in " ".join(str(m) for m in response.wsgi_request._messages)


@pytest.mark.django_db
def test_blank_number_on_an_existing_measure_is_refused(client, coordinator):
    measure = MeasureFactory(number="3.6", action_field=action_field(3))
    client.force_login(coordinator)
    url = reverse("measures:update", args=[measure.pk])
    response = client.post(url, form_data(measure, number=""))
    assert response.status_code == 200
    measure.refresh_from_db()
    assert measure.number == "3.6"


@pytest.mark.django_db
def test_a_taken_number_names_the_measure_and_the_next_free_number(client, coordinator):
    MeasureFactory(number="3.7", action_field=action_field(3), title="Sprachcafé")
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(number="3.7", title="Mein neuer Titel"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Die Nummer 3.7 ist bereits vergeben (Maßnahme „Sprachcafé“)." in html
    assert "Die nächste freie Nummer im Handlungsfeld 3 ist 3.8" in html
    assert "Diese Maßnahmennummer ist bereits vergeben." not in html  # said once, not twice
    assert 'value="Mein neuer Titel"' in html  # nothing typed is lost
    assert Measure.objects.count() == 1


@pytest.mark.django_db
def test_keeping_its_own_number_is_no_duplicate(client, coordinator):
    measure = MeasureFactory(number="3.7", action_field=action_field(3))
    client.force_login(coordinator)
    url = reverse("measures:update", args=[measure.pk])
    response = client.post(url, form_data(measure, title="Neu"))
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_number_taken_between_check_and_save_moves_on_when_the_server_chose_it(
    monkeypatch, coordinator
):
    """Two coordinators save at the same moment: the unique number decides, the loser's
    measure gets the number after."""
    real_validate = services.measure_validate
    raced = []

    def someone_else_saves_first(measure, **kwargs):
        real_validate(measure, **kwargs)
        if not raced:
            raced.append(MeasureFactory(number=measure.number, action_field=action_field(3)))

    monkeypatch.setattr(services, "measure_validate", someone_else_saves_first)
    measure = services.measure_create(
        user=coordinator,
        values={"number": "", "title": "Elterncafé", "action_field": action_field(3)},
    )
    assert raced[0].number == "3.1"
    assert measure.number == "3.2"
    assert measure.history.count() == 1


@pytest.mark.django_db
def test_a_number_the_user_chose_and_lost_in_a_race_is_reported(monkeypatch, client, coordinator):
    real_validate = services.measure_validate

    def someone_else_saves_first(measure, **kwargs):
        real_validate(measure, **kwargs)
        MeasureFactory(number=measure.number, action_field=action_field(3))

    monkeypatch.setattr(services, "measure_validate", someone_else_saves_first)
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(number="3.7"))
    assert response.status_code == 200
    assert "Die Nummer 3.7 wurde soeben an eine andere Maßnahme vergeben." in (
        response.content.decode()
    )
    assert not Measure.objects.filter(title="Elterncafé").exists()


@pytest.mark.django_db
def test_new_measure_form_proposes_the_number_of_a_preselected_field(client, coordinator):
    MeasureFactory(number="3.6", action_field=action_field(3))
    client.force_login(coordinator)
    html = client.get(CREATE, {"action_field": action_field(3).pk}).content.decode()
    number = re.search(r'<input type="text" name="number"[^>]*>', html).group(0)
    assert 'value="3.7"' in number
    assert "required" not in number


@pytest.mark.django_db
def test_number_input_carries_the_proposals_for_the_script(client, coordinator):
    MeasureFactory(number="3.6", action_field=action_field(3))
    client.force_login(coordinator)
    html = client.get(CREATE).content.decode()
    number = re.search(r'<input type="text" name="number"[^>]*>', html).group(0)
    proposals = json.loads(html_lib.unescape(re.search(r'data-next-numbers="([^"]*)"', number)[1]))
    assert proposals[str(action_field(3).pk)] == "3.7"
    assert proposals[str(action_field(2).pk)] == "2.1"
    assert "Leer gelassen, wird die nächste freie Nummer" in html


@pytest.mark.django_db
def test_goal_options_name_their_field_for_the_script(client, coordinator):
    goal = GoalFactory(action_field=action_field(2), title="Lesen")
    client.force_login(coordinator)
    html = client.get(CREATE).content.decode()
    assert re.search(
        rf'<option value="{goal.pk}" data-action-field="{action_field(2).pk}"[^>]*>Lesen</option>',
        html,
    )


@pytest.mark.django_db
def test_goal_of_another_field_is_refused_and_the_input_kept(client, coordinator):
    goal = GoalFactory(action_field=action_field(1))
    client.force_login(coordinator)
    response = client.post(CREATE, form_data(number="", goal=str(goal.pk)))
    html = response.content.decode()
    assert "Das Ziel gehört zu einem anderen Handlungsfeld als die Maßnahme." in html
    assert 'value="Elterncafé"' in html
    assert not Measure.objects.exists()
