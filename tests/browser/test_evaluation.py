"""The evaluation end to end: start a cycle, self-assessment, final assessment, results."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from evaluation.models import Assessment, EvaluationMatrix
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login


def _nav(page):
    main_nav = page.get_by_role("navigation", name="Hauptnavigation")
    return main_nav.get_by_role("link", name="Evaluierung", exact=True)


def _logout(page):
    page.context.clear_cookies()


@pytest.fixture(scope="module", autouse=True)
def _restore_migration_data(django_db_blocker):
    """live_server's flush deletes the action fields of a data migration; put them back for
    the browser tests that follow (module teardown runs after the flush)."""
    yield
    with django_db_blocker.unblock():
        seed = import_module("concept.migrations.0002_action_fields_and_roles")
        seed.create(django_apps, None)


def test_cycle_from_start_to_results(page, db):
    UserFactory(username="koordination-e", role=roles.COORDINATOR, is_staff=True)
    vhs = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    MembershipFactory(actor=vhs, user__username="akteur-e")
    MeasureFactory(number="3.1", title="Sprachcafé für Eltern", lead_actor=vhs)

    # the coordinator creates the default matrix and starts a cycle
    login(page, "koordination-e")
    _nav(page).click()
    page.get_by_role("link", name="Bewertungsmatrizen").click()
    page.get_by_role("button", name="Standardmatrix anlegen").click()
    expect(page.get_by_role("cell", name="Zielerreichung laut Indikator")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Matrix bearbeiten").click()
    page.locator("#id_criteria-0-weight").fill("0")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("body")).to_contain_text("Das Gewicht muss größer als 0 sein.")
    assert_accessible(page)
    page.locator("#id_criteria-0-weight").fill("30")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("body")).to_contain_text("Die Matrix ist gespeichert.")
    _nav(page).click()
    page.get_by_role("link", name="Evaluierungszyklus starten").click()
    page.get_by_label("Titel").fill("Evaluierung 2026–2027")
    page.get_by_label("Zeitraum von").fill("01.01.2026")
    page.get_by_label("Zeitraum bis").fill("31.12.2027")
    page.get_by_label("Fällig am").fill("31.03.2028")
    page.get_by_role("button", name="Zyklus starten").click()
    expect(page.locator("body")).to_contain_text("1 Maßnahmen sind zu bewerten")
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluierung 2026–2027")
    assert_accessible(page)
    _logout(page)

    # a member of the lead actor drafts the self-assessment
    matrix = EvaluationMatrix.objects.get()
    criteria = {c.code: c.pk for c in matrix.criteria.all()}
    login(page, "akteur-e")
    _nav(page).click()
    page.get_by_role("link", name="Evaluierung 2026–2027").click()
    page.get_by_role("link", name="bewerten").click()
    page.locator(f"#id_level_{criteria['K1']}").select_option(label="erreicht (3)")
    page.locator(f"#id_justification_{criteria['K1']}").fill("48 von 50 Teilnehmerinnen mit B1.")
    page.get_by_label("Indikatorwert zum Bewertungszeitpunkt").fill("viele")
    page.get_by_role("button", name="Als Entwurf speichern").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert (
        page.locator(f"#id_justification_{criteria['K1']}").input_value()
        == "48 von 50 Teilnehmerinnen mit B1."
    )
    assert_accessible(page)
    page.get_by_label("Indikatorwert zum Bewertungszeitpunkt").fill("48")
    page.get_by_role("button", name="Als Entwurf speichern").click()
    expect(page.locator("body")).to_contain_text("Der Entwurf ist gespeichert.")
    assert Assessment.objects.get().state == "draft"
    _logout(page)

    # the coordinator reviews and finalises
    login(page, "koordination-e")
    assessment = Assessment.objects.get()
    page.goto(f"{page.base_url}/evaluierung/bewertungen/{assessment.pk}/bearbeiten/")
    assert page.locator(f"#id_level_{criteria['K1']}").input_value() == str(
        matrix.levels.get(label="erreicht").pk
    )
    for code in ("K2", "K3", "K4", "K5"):
        page.locator(f"#id_level_{criteria[code]}").select_option(label="erreicht (3)")
    page.locator(f"#id_level_{criteria['K6']}").select_option(label="nicht bewertbar")
    page.get_by_label("Empfehlung").select_option(label="fortführen")
    page.get_by_role("button", name="Abschließend bewerten").click()
    expect(page.locator("body")).to_contain_text("abschließend gespeichert")
    assert not page.get_by_role("link", name="Bewertung bearbeiten").count()

    # the results show the score
    page.get_by_role("link", name="Evaluierung 2026–2027").click()
    page.get_by_role("link", name="Ergebnisse").click()
    row = page.get_by_role("row", name="3.1 Sprachcafé für Eltern")
    expect(row).to_contain_text("100,0")
    assert page.get_by_role("img", name="Durchschnittliche Punkte je Handlungsfeld").count() == 1
    assert_accessible(page)
