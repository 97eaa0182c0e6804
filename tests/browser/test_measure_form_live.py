"""Creating a measure by hand in Chromium: the chosen field proposes the number and narrows the
goals, the SMART panel follows the typing, and the same form works without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, GoalFactory, UserFactory, action_field
from measures.models import Measure
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login


@pytest.fixture(autouse=True)
def action_fields(transactional_db):
    """The live server's tables are flushed between tests: restore the seven fields."""
    from importlib import import_module

    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


@pytest.fixture
def coordinator_page(page):
    UserFactory(username="koordination-f", role=roles.COORDINATOR)
    login(page, "koordination-f")
    return page


def exactly(label):
    """A label as written, with or without the asterisk of a required field."""
    return re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$", re.IGNORECASE)


def letter(page, name):
    return page.locator(f'#smart-check [data-letter="{name}"]')


def test_field_proposes_number_narrows_goals_and_smart_panel_follows_the_typing(
    coordinator_page,
):
    page = coordinator_page
    ActorFactory(name="Stadtteilverein Grasdorf")
    GoalFactory(action_field=action_field(3), title="Kinder lernen früh Deutsch")
    GoalFactory(action_field=action_field(1), title="Neue Nachbarn willkommen heißen")
    MeasureFactory(number="3.6", action_field=action_field(3))

    page.goto(f"{page.base_url}/massnahmen/neu/")
    goal_options = page.locator("#id_goal option")
    expect(goal_options).to_have_count(3)  # empty choice + both goals, grouped by field
    summary = page.locator("#smart-check-summary")
    expect(summary).to_have_text(re.compile(r"SMART: 0 von 5 Kriterien erfüllt"))
    assert_accessible(page)

    page.get_by_label(exactly("Handlungsfeld")).select_option(label=str(action_field(3)))
    expect(page.get_by_label(exactly("Nummer"))).to_have_value("3.7")
    expect(page.locator("#number-proposal")).to_contain_text("Vorgeschlagen: 3.7")
    expect(goal_options).to_have_text(["– bitte wählen –", "Kinder lernen früh Deutsch"])
    page.get_by_label(exactly("Ziel")).select_option(label="Kinder lernen früh Deutsch")

    page.get_by_label(exactly("Titel")).fill("Vorlesepaten in Kitas")
    page.get_by_label(exactly("Beschreibung")).fill("Ehrenamtliche lesen wöchentlich vor.")
    expect(letter(page, "S")).to_contain_text("fehlt noch")
    expect(letter(page, "S")).to_contain_text("Es fehlt die Zielgruppe")
    page.get_by_label(exactly("Zielgruppe")).fill("Kinder von 3 bis 6 Jahren")
    expect(letter(page, "S")).to_have_attribute("data-ok", "true")
    expect(letter(page, "S")).to_contain_text("erfüllt")

    page.get_by_label(exactly("Indikator")).fill("Kitas mit Vorlesepaten")
    page.get_by_label(exactly("Einheit")).fill("Kitas")
    page.get_by_label(exactly("Ausgangswert")).fill("2")
    expect(letter(page, "M")).to_contain_text("Es fehlt der Zielwert des Indikators.")
    page.get_by_label(exactly("Zielwert")).fill("12")
    expect(letter(page, "M")).to_have_attribute("data-ok", "true")

    page.get_by_label(exactly("federführender Akteur")).select_option(
        label="Stadtteilverein Grasdorf"
    )
    expect(letter(page, "A")).to_have_attribute("data-ok", "true")
    page.get_by_label("keine zusätzlichen Ressourcen nötig").check()
    expect(letter(page, "R")).to_have_attribute("data-ok", "true")
    deadline = page.get_by_label(exactly("Frist"))
    deadline.fill("31.12.2027")
    expect(summary).to_have_text("SMART: alle fünf Kriterien erfüllt.")
    for name in "SMART":
        expect(letter(page, name)).to_have_attribute("data-ok", "true")
    expect(deadline).to_be_focused()  # the panel never takes the focus
    assert_accessible(page)

    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Die Maßnahme ist SMART.")).to_be_visible()
    measure = Measure.objects.get(title="Vorlesepaten in Kitas")
    assert measure.number == "3.7"
    assert measure.goal.title == "Kinder lernen früh Deutsch"
    assert measure.is_smart


def test_changing_the_field_replaces_the_proposal_but_never_a_typed_number(coordinator_page):
    page = coordinator_page
    GoalFactory(action_field=action_field(3), title="Kinder lernen früh Deutsch")
    MeasureFactory(number="4.2", action_field=action_field(4))
    page.goto(f"{page.base_url}/massnahmen/neu/")
    field = page.get_by_label(exactly("Handlungsfeld"))
    number = page.get_by_label(exactly("Nummer"))
    goal = page.get_by_label(exactly("Ziel"))

    field.select_option(label=str(action_field(3)))
    goal.select_option(label="Kinder lernen früh Deutsch")
    field.select_option(label=str(action_field(4)))
    expect(number).to_have_value("4.3")
    expect(goal).to_have_value("")  # the goal of field 3 no longer fits
    expect(page.locator("#goal-narrowed")).to_contain_text("wurde abgewählt")
    expect(page.locator("#goal-narrowed")).to_contain_text("noch keine Ziele")

    number.fill("4.20")
    field.select_option(label=str(action_field(3)))
    expect(number).to_have_value("4.20")


def test_on_an_existing_measure_a_new_field_proposes_a_number_and_the_old_one_comes_back(
    coordinator_page,
):
    page = coordinator_page
    measure = MeasureFactory(number="3.2", action_field=action_field(3))
    MeasureFactory(number="4.2", action_field=action_field(4))
    page.goto(f"{page.base_url}/massnahmen/{measure.pk}/bearbeiten/")
    field = page.get_by_label(exactly("Handlungsfeld"))
    number = page.get_by_label(exactly("Nummer"))
    expect(page.locator("#smart-check-summary")).to_have_text("SMART: alle fünf Kriterien erfüllt.")
    field.select_option(label=str(action_field(4)))
    expect(number).to_have_value("4.3")
    field.select_option(label=str(action_field(3)))
    expect(number).to_have_value("3.2")
    expect(page.locator("#number-proposal")).to_have_text("Wieder die bisherige Nummer 3.2.")


def test_without_javascript_the_server_numbers_and_shows_all_goals(browser, live_server):
    UserFactory(username="koordination-f", role=roles.COORDINATOR)
    GoalFactory(action_field=action_field(3), title="Kinder lernen früh Deutsch")
    GoalFactory(action_field=action_field(1), title="Neue Nachbarn willkommen heißen")
    MeasureFactory(number="3.6", action_field=action_field(3))
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page, "koordination-f")
        page.goto(f"{page.base_url}/massnahmen/neu/")
        expect(page.locator("#id_goal optgroup")).to_have_count(2)
        expect(page.locator("#smart-check-note")).to_have_text(
            re.compile("Stand beim Laden der Seite")
        )
        page.get_by_label(exactly("Handlungsfeld")).select_option(label=str(action_field(3)))
        page.get_by_label(exactly("Titel")).fill("Vorlesepaten in Kitas")
        page.get_by_role("button", name="Speichern").click()
        expect(page.get_by_text("Maßnahme 3.7 angelegt.")).to_be_visible()
        assert Measure.objects.get(title="Vorlesepaten in Kitas").number == "3.7"
    finally:
        context.close()
