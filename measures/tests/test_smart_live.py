"""The SMART check while the measure form is filled in: measures:smart_check answers with the
rules of measures/smart.py for the values as typed, and the form page shows the same panel."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from concept.tests.factories import ActorFactory, action_field
from measures.models import Measure

from .factories import MeasureFactory
from .test_edit import CREATE, form_data

CHECK = reverse("measures:smart_check")


def complete(**overrides):
    lead = ActorFactory()
    return (
        form_data(
            number="",
            title="Elterncafé",
            description="Wöchentliches Treffen mit Sprachmittlung.",
            target_group="Eltern von Grundschulkindern",
            indicator="Teilnehmende Eltern",
            indicator_unit="Personen",
            indicator_baseline="0",
            indicator_target="1.200",
            lead_actor=str(lead.pk),
            staff_hours_per_year="120,5",
            budget_amount="12.500,00",
            deadline="31.12.2027",
        )
        | overrides
    )


def letters(payload):
    return {item["letter"]: item for item in payload["letters"]}


@pytest.mark.django_db
def test_the_check_says_per_letter_what_is_missing(client, coordinator):
    client.force_login(coordinator)
    payload = client.post(CHECK, form_data(number="", target_group="Eltern")).json()
    assert payload["is_smart"] is False
    by_letter = letters(payload)
    assert list(by_letter) == ["S", "M", "A", "R", "T"]
    assert by_letter["S"]["ok"] is False
    assert by_letter["S"]["missing"] == ["Es fehlt eine Beschreibung, was genau getan wird."]
    assert by_letter["A"]["missing"] == ["Es ist kein federführender Akteur benannt."]
    assert by_letter["T"]["missing"] == ["Es fehlt eine Frist (ein konkretes Datum)."]
    assert payload["summary"] == (
        "SMART: 0 von 5 Kriterien erfüllt, es fehlt: "
        "Spezifisch, Messbar, Aktivierend, Realistisch, Terminiert."
    )


@pytest.mark.django_db
def test_german_numbers_and_dates_count_as_filled_and_nothing_is_saved(client, coordinator):
    client.force_login(coordinator)
    payload = client.post(CHECK, complete()).json()
    assert payload["is_smart"] is True
    assert payload["summary"] == "SMART: alle fünf Kriterien erfüllt."
    assert all(item["ok"] and item["missing"] == [] for item in payload["letters"])
    assert not Measure.objects.exists()
    assert not Measure.history.exists()


@pytest.mark.django_db
def test_a_value_that_is_not_valid_counts_as_missing(client, coordinator):
    client.force_login(coordinator)
    payload = client.post(CHECK, complete(deadline="31.02.2027", budget_amount="zwölf")).json()
    by_letter = letters(payload)
    assert by_letter["T"]["ok"] is False
    assert by_letter["R"]["ok"] is False
    assert payload["summary"].startswith("SMART: 3 von 5 Kriterien erfüllt")


@pytest.mark.django_db
def test_no_extra_resources_fulfils_r(client, coordinator):
    client.force_login(coordinator)
    data = complete(no_extra_resources="on", staff_hours_per_year="", budget_amount="")
    assert letters(client.post(CHECK, data).json())["R"]["ok"] is True


@pytest.mark.django_db
def test_the_check_of_an_existing_measures_values_ignores_its_own_number(client, coordinator):
    measure = MeasureFactory(number="3.7", action_field=action_field(3))
    client.force_login(coordinator)
    assert client.post(CHECK, form_data(measure)).json()["is_smart"] is True


@pytest.mark.django_db
def test_the_check_needs_the_csrf_token(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    assert client.post(CHECK, complete()).status_code == 403


@pytest.mark.django_db
def test_actor_members_may_not_use_the_check(client, actor_member):
    client.force_login(actor_member)
    assert client.post(CHECK, complete()).status_code == 403


@pytest.mark.django_db
def test_the_check_costs_the_same_queries_for_few_and_many_partners(
    client, coordinator, django_assert_num_queries
):
    """Queries: session, user, groups (permission), the action field, the lead actor, the
    partners (one IN query); no validation against the database, no writes."""
    client.force_login(coordinator)
    for count in (2, 30):
        partners = [str(a.pk) for a in ActorFactory.create_batch(count)]
        data = complete(number="3.7", partners=partners)
        with django_assert_num_queries(6):
            assert client.post(CHECK, data).status_code == 200


@pytest.mark.django_db
def test_the_form_shows_the_panel_as_a_polite_live_region(client, coordinator):
    client.force_login(coordinator)
    html = client.get(CREATE).content.decode()
    panel = re.search(r'<section id="smart-check".*?</section>', html, re.S).group(0)
    assert f'data-url="{CHECK}"' in panel
    assert re.search(r'id="smart-check-summary"[^>]*aria-live="polite"', panel)
    assert re.findall(r'data-letter="(\w)"', panel) == ["S", "M", "A", "R", "T"]
    assert "Es fehlt eine Frist (ein konkretes Datum)." in panel
    assert '<script src="/static/js/measure-form.js"></script>' in html


@pytest.mark.django_db
def test_the_edit_form_shows_the_stored_measures_state(client, coordinator):
    measure = MeasureFactory(deadline=None)
    client.force_login(coordinator)
    html = client.get(reverse("measures:update", args=[measure.pk])).content.decode()
    assert "SMART: 4 von 5 Kriterien erfüllt, es fehlt: Terminiert." in html


@pytest.mark.django_db
def test_after_a_failed_save_the_panel_shows_the_values_as_posted(client, coordinator):
    client.force_login(coordinator)
    html = client.post(CREATE, complete(goal="999999")).content.decode()
    assert "Bitte prüfen Sie die markierten Angaben." in html
    assert "SMART: alle fünf Kriterien erfüllt." in html
