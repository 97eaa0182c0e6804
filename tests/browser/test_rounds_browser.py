"""Reporting rounds in the browser (CSRF on): the coordinator opens a round through the form,
after a preview and a refused empty selection, follows it and closes it; every page is
accessible (axe, WCAG 2.1 A/AA)."""

from importlib import import_module

import pytest
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from measures.services import measure_report_status
from measures.tests.factories import MeasureFactory
from participation.models import ReportingRound

from .conftest import assert_accessible, login


@pytest.fixture
def seven_fields(transactional_db):
    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


def test_coordinator_opens_follows_and_closes_a_round(page, seven_fields):
    actor = ActorFactory(name="Familienzentrum Süd", contact_person="Herr Kaya", phone="0511 42")
    MembershipFactory(actor=actor, user__first_name="Ida", user__last_name="Iske")
    reported, silent = MeasureFactory.create_batch(2, lead_actor=actor)
    MeasureFactory(status="completed")
    coordinator = UserFactory(username="koordination-r", role=roles.COORDINATOR)
    login(page, "koordination-r")

    page.goto(page.base_url + "/beteiligung/berichtsrunden/")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Berichtsrunde").click()
    expect(page.get_by_role("status")).to_contain_text("2 Maßnahmen")
    assert_accessible(page)

    page.get_by_label("abgebrochen").check()
    page.get_by_role("button", name="Runde eröffnen").click()
    expect(page.locator(".error-summary")).to_contain_text("keine Maßnahmen")
    assert_accessible(page)
    expect(page.get_by_label("abgebrochen")).to_be_checked()

    page.get_by_label("abgebrochen").uncheck()
    page.get_by_label("Meldungen bis").fill("01.01.2000")
    page.get_by_role("button", name="Runde eröffnen").click()
    expect(page.locator(".error-summary")).to_contain_text("nicht vor dem Stichtag")
    assert not ReportingRound.objects.exists()

    page.get_by_label("Meldungen bis").fill("31.12.2099")
    page.get_by_role("button", name="Auswahl prüfen").click()
    expect(page.get_by_role("status")).to_contain_text("Diese Auswahl umfasst 2 Maßnahmen")
    page.get_by_role("button", name="Runde eröffnen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sachstand zum")

    measure_report_status(measure=reported, user=coordinator, status="in_progress", progress=80)
    page.reload()
    call = page.locator("#wen-anrufen + div")
    expect(call).to_contain_text("Herr Kaya")
    expect(call).to_contain_text(silent.title)
    expect(call).not_to_contain_text(reported.title)
    expect(page.get_by_text("1 von 2 Maßnahmen beantwortet")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Runde abschließen …").click()
    assert_accessible(page)
    page.get_by_role("button", name="Runde jetzt abschließen").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert"))).to_contain_text(["festgehalten"])
    assert ReportingRound.objects.get().is_closed
    assert_accessible(page)
