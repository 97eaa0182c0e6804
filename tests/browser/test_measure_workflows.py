"""The everyday measure workflows in Chromium: actors report, the coordinator edits."""

import re

import pytest
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory, action_field
from measures.models import Measure, StatusUpdate
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login


@pytest.fixture(autouse=True)
def action_fields(transactional_db):
    """The live server's tables are flushed between tests: restore the seven fields."""
    from importlib import import_module

    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


def test_actor_reports_status_confirms_unchanged_and_cannot_edit_others(page):
    own = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    other = ActorFactory(name="AWO Ortsverein", short_name="AWO")
    MembershipFactory(actor=own, user__username="akteur-b")
    first = MeasureFactory(lead_actor=own, title="Sprachcafé", number="3.1", progress=40)
    second = MeasureFactory(lead_actor=own, title="Lesepaten", number="3.2", progress=70)
    foreign = MeasureFactory(lead_actor=other, title="Nachbarschaftsfest", number="2.1")

    login(page, "akteur-b")
    expect(page.get_by_role("heading", name="Meine Maßnahmen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Sachstand melden zu 3.1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Sachstand melden"))
    assert_accessible(page)
    page.get_by_label("Status").select_option(label="verzögert")
    page.get_by_label("Fortschritt (%)").fill("55")
    page.get_by_label("Sachstand in wenigen Sätzen").fill("Der Raum fehlt bis März.")
    page.get_by_role("button", name="Sachstand speichern").click()
    expect(page.get_by_role("status").filter(has_text="Sachstand zu Maßnahme 3.1")).to_be_visible()
    expect(page.get_by_text("Der Raum fehlt bis März.")).to_be_visible()
    first.refresh_from_db()
    assert (first.status, first.progress) == ("delayed", 55)

    page.goto(f"{page.base_url}/")
    page.get_by_role("button", name="Unverändert, weiter im Plan (3.2)").click()
    unchanged = page.get_by_role("status").filter(has_text="unverändert, weiter im Plan")
    expect(unchanged).to_be_visible()
    confirmed = StatusUpdate.objects.get(measure=second)
    assert confirmed.unchanged and confirmed.progress == 70

    page.goto(f"{page.base_url}/massnahmen/{foreign.pk}/")
    assert page.get_by_role("link", name="Bearbeiten").count() == 0
    assert page.get_by_role("link", name="Sachstand melden").count() == 0
    response = page.goto(f"{page.base_url}/massnahmen/{foreign.pk}/bearbeiten/")
    assert response.status == 403


def test_coordinator_creates_incomplete_measure_completes_it_and_sees_the_history(page):
    UserFactory(
        username="koordination-b", first_name="Kora", last_name="Ordinat", role=roles.COORDINATOR
    )
    ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    MeasureFactory(number="3.1")
    login(page, "koordination-b")

    page.goto(f"{page.base_url}/massnahmen/")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Maßnahme").click()
    page.get_by_label("Nummer").fill("3.9")
    page.get_by_label("Titel").fill("Elterncafé")
    page.get_by_label("Handlungsfeld").select_option(label=str(action_field(3)))
    page.get_by_label("Frist").fill("31.02.2027")
    page.get_by_role("button", name="Speichern").click()
    # named in the summary at the top (a link to the field) and at the field itself
    summary = page.get_by_role("link", name="Frist: Bitte ein gültiges Datum eingeben.")
    expect(summary).to_be_visible()
    expect(page.get_by_text("Bitte ein gültiges Datum eingeben.", exact=True)).to_be_visible()
    assert page.get_by_label("Titel").input_value() == "Elterncafé"
    assert_accessible(page)

    page.get_by_label("Frist").fill("31.12.2027")
    page.get_by_role("button", name="Speichern").click()
    warning = page.locator(".alert-warning").first.inner_text()
    assert "noch nicht SMART" in warning
    assert "Es fehlt ein Indikator" in warning
    measure = Measure.objects.get(number="3.9")
    assert re.search(rf"/massnahmen/{measure.pk}/$", page.url)
    assert_accessible(page)

    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label("Beschreibung").fill("Offener Treff mit Kinderbetreuung.")
    page.get_by_label("Zielgruppe").fill("Eltern im Stadtteil")
    page.get_by_label("Indikator", exact=True).fill("Besuche pro Jahr")
    page.get_by_label("Einheit").fill("Personen")
    page.get_by_label("Ausgangswert", exact=True).fill("0")
    page.get_by_label("Zielwert").fill("1.200")
    page.get_by_label("federführender Akteur").select_option(label="Volkshochschule Leinetal")
    page.get_by_label("Personal (Stunden pro Jahr)").fill("120")
    page.get_by_label("Finanzmittel (€)").fill("12.500,00")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status").filter(has_text="Die Maßnahme ist SMART.")).to_be_visible()
    expect(page.locator(".badge", has_text=re.compile(r"^SMART$"))).to_be_visible()
    expect(page.get_by_text("12.500,00 €").first).to_be_visible()

    history = page.locator(".history-entry")
    assert history.count() == 2
    expect(history.nth(0)).to_contain_text("geändert von Kora Ordinat")
    expect(history.nth(1)).to_contain_text("angelegt von Kora Ordinat")
    expect(history.nth(0)).to_contain_text("12.500,00 €")


def test_coordinator_imports_a_csv_after_an_accessible_preview(page, tmp_path):
    UserFactory(username="koordination-i", role=roles.COORDINATOR)
    ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    bad = tmp_path / "fehler.csv"
    bad.write_text(
        "action_field_number,title,lead_actor,deadline\n3,Elterncafé,Niemand,31.02.2027\n"
    )
    good = tmp_path / "massnahmen.csv"
    good.write_text(
        "action_field_number,title,lead_actor,deadline,budget_eur\n"
        '3,Elterncafé,VHS,31.12.2027,"12.500,00"\n'
    )
    login(page, "koordination-i")
    page.get_by_role("link", name="Import", exact=True).click()
    assert_accessible(page)

    page.get_by_label("Datei (.xlsx oder .csv)").set_input_files(str(bad))
    page.get_by_role("button", name="Hochladen und Vorschau zeigen").click()
    # an impossible date is a row error; an unknown actor is offered to create or map
    expect(page.get_by_text("Zeile 2, Frist „31.02.2027“")).to_be_visible()
    expect(page.locator("legend").filter(has_text="„Niemand“")).to_contain_text("fehlt")
    assert page.get_by_role("button", name="Import bestätigen").count() == 0
    assert_accessible(page)

    page.get_by_role("link", name="erneut hochladen").click()
    page.get_by_label("Datei (.xlsx oder .csv)").set_input_files(str(good))
    page.get_by_role("button", name="Hochladen und Vorschau zeigen").click()
    expect(page.get_by_role("cell", name="wird angelegt")).to_be_visible()
    assert not Measure.objects.exists()
    page.get_by_role("button", name="Import bestätigen").click()
    expect(page.get_by_role("status").filter(has_text="1 neu")).to_be_visible()
    assert Measure.objects.get().title == "Elterncafé"


def test_concurrent_edit_shows_the_other_change_and_keeps_the_input(page):
    from measures import services

    UserFactory(username="koordination-k", role=roles.COORDINATOR)
    colleague = UserFactory(username="vertretung-k", first_name="Vera", last_name="Vertretung")
    measure = MeasureFactory(number="5.1", title="Integrationsbeirat")
    login(page, "koordination-k")
    page.goto(f"{page.base_url}/massnahmen/{measure.pk}/bearbeiten/")
    page.get_by_label("Titel").fill("Integrationsbeirat gründen")
    services.measure_update(
        measure=Measure.objects.get(pk=measure.pk),
        user=colleague,
        values={"title": "Integrationsbeirat einrichten"},
        expected_version=1,
    )
    page.get_by_role("button", name="Speichern").click()
    alert = page.get_by_role("alert").filter(has_text="jemand anderes")
    expect(alert).to_contain_text("Vera Vertretung")
    expect(alert).to_contain_text("Integrationsbeirat einrichten")
    assert page.get_by_label("Titel").input_value() == "Integrationsbeirat gründen"
    assert_accessible(page)


# The widest content of the demo data: long compound words in titles, field and actor names.
WIDE_TITLES = [
    "Schnuppermitgliedschaften in Sportvereinen",
    "Monatliche Sprechstunde zur Anerkennung ausländischer Berufsabschlüsse",
    "Fortbildung interkulturelle Kompetenz für Beschäftigte mit Publikumsverkehr",
    "Mehrsprachige Gesundheitslots*innen",
]
FITS = """table => {
    const box = table.closest('.table-responsive') || table.parentElement;
    return {table: table.scrollWidth, box: box.clientWidth,
            page: document.documentElement.scrollWidth, viewport: window.innerWidth};
}"""


def _wide_measures(lead):
    for n, title in enumerate(WIDE_TITLES, start=1):
        MeasureFactory(number=f"1.{n}", title=title, lead_actor=lead, action_field=action_field(1))
    MeasureFactory(number="6.1", action_field=action_field(6), lead_actor=lead, status="delayed")
    MeasureFactory(number="5.1", action_field=action_field(5), lead_actor=lead, indicator="")
    MeasureFactory(number="4.1", lead_actor=lead, deadline=None, start_date=None)


def test_list_and_dashboard_tables_fit_a_1280_pixel_screen_without_scrolling(page):
    lead = ActorFactory(name="Anerkennungsberatung Leine", short_name="Anerkennungsberatung")
    _wide_measures(lead)
    UserFactory(username="rat-b", role=roles.COUNCIL)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "rat-b")

    page.goto(f"{page.base_url}/massnahmen/?sortierung=deadline")
    size = page.locator("main table").evaluate(FITS)
    assert size["table"] <= size["box"], size
    assert size["page"] <= size["viewport"], size
    expect(page.get_by_role("columnheader", name="Frist")).to_be_in_viewport()
    expect(page.get_by_role("columnheader", name="SMART")).to_be_in_viewport()

    page.goto(f"{page.base_url}/")
    size = page.get_by_role("table", name=re.compile("je Handlungsfeld")).evaluate(FITS)
    assert size["table"] <= size["box"], size
    assert size["page"] <= size["viewport"], size
    expect(page.get_by_role("columnheader", name="Ø Fortschritt")).to_be_in_viewport()


def test_my_measures_on_a_phone_keep_their_buttons_on_screen(page):
    own = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    MembershipFactory(actor=own, user__username="akteur-b")
    _wide_measures(own)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, "akteur-b")

    report = page.get_by_role("link", name="Sachstand melden zu 1.1")
    expect(report).to_be_visible()
    box = report.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    unchanged = page.get_by_role("button", name="Unverändert, weiter im Plan (1.1)")
    expect(unchanged).to_be_visible()
    assert unchanged.bounding_box()["x"] + unchanged.bounding_box()["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
