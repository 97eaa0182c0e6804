"""The public page on a phone (360 px): measures as cards, nothing scrolls sideways, axe finds
nothing; printed: no navigation, each action field on its own page."""

import datetime
from importlib import import_module

import pytest

from concept.tests.factories import ActorFactory, UserFactory, action_field
from council.tests.factories import CouncilPaperFactory, adopted_revision
from measures.services import measure_delete, measure_update
from measures.tests.factories import MeasureFactory, StatusUpdateFactory
from participation.services import publication_update

from .conftest import assert_accessible

PHONE = {"width": 360, "height": 780}


@pytest.fixture
def public_page(transactional_db):
    """A published page with everything it can show: long titles and names, a measure not
    SMART, one deleted since adoption, a moved deadline, an overdue one, reports, a paper."""
    from django.apps import apps

    from concept import roles

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)
    coordinator = UserFactory(username="koordination-p", role=roles.COORDINATOR)
    actor = ActorFactory(name="Arbeitsgemeinschaft Integrationslotsinnen und -lotsen Laatzen e. V.")
    measures = [
        MeasureFactory(
            action_field=action_field(1 + i % 3),
            lead_actor=actor,
            title="Sprachförderung für Neuzugewanderte mit Kinderbetreuungsangebot"
            + " Integrationskursträgerarbeitsgemeinschaftsvereinbarung" * (i % 2),
        )
        for i in range(6)
    ]
    MeasureFactory(action_field=action_field(2), indicator="", title="Entwurf Elterncafé")
    overdue = MeasureFactory(
        action_field=action_field(3), start_date=None, deadline=datetime.date(2020, 6, 30)
    )
    for measure in measures:
        StatusUpdateFactory(measure=measure)
    adopted_revision(coordinator, title="Handlungskonzept Integration – Erstfassung 2026")
    measure_update(
        measure=measures[0], user=coordinator, values={"deadline": datetime.date(2028, 6, 30)}
    )
    measure_delete(measure=measures[1], user=coordinator)
    assert overdue.is_overdue
    CouncilPaperFactory(title="Sachstandsbericht zur Umsetzung des Handlungskonzepts Integration")
    publication_update(user=coordinator, is_published=True, intro="Was die Stadt tut.")


def test_public_page_fits_a_phone_and_passes_axe(page, public_page):
    page.set_viewport_size(PHONE)
    page.goto(f"{page.base_url}/beteiligung/oeffentlich/")
    assert page.get_by_text("Frist geändert: vorher").count() == 1
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    # a card per measure: the column headers are hidden, each cell names its column
    card = page.locator("tr.public-measure").first
    assert card.evaluate("e => getComputedStyle(e).display") == "block"
    assert page.locator(".public-measures thead").first.bounding_box()["width"] <= 1
    assert_accessible(page)
    page.get_by_text("Zahlen als Tabelle").first.click()  # the chart's numbers, opened
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)


def test_public_page_keeps_its_tables_on_a_wide_screen(page, public_page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/beteiligung/oeffentlich/")
    card = page.locator("tr.public-measure").first
    assert card.evaluate("e => getComputedStyle(e).display") == "table-row"
    assert_accessible(page)


def test_printed_public_page_has_no_navigation_and_a_page_per_field(page, public_page):
    page.goto(f"{page.base_url}/beteiligung/oeffentlich/")
    page.emulate_media(media="print")
    assert page.locator("header").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator(".public-toc").evaluate("e => getComputedStyle(e).display") == "none"
    sections = page.locator("section.public-field")
    assert sections.nth(0).evaluate("e => getComputedStyle(e).breakBefore") != "page"
    assert sections.nth(1).evaluate("e => getComputedStyle(e).breakBefore") == "page"
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
