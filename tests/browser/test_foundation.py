import re

from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import UserFactory

from .conftest import assert_accessible, login


def test_login_page_and_start_page_are_accessible_and_show_the_fields(page, db):
    UserFactory(username="koordination-b", role=roles.COORDINATOR)
    page.goto(f"{page.base_url}/")
    assert "/konto/login/" in page.url
    assert_accessible(page)
    login(page, "koordination-b")
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")
    expect(page.get_by_role("rowheader", name="7. Vernetzung")).to_be_visible()
    assert_accessible(page)


def test_wrong_password_shows_a_german_message_and_keeps_the_username(page, db):
    UserFactory(username="rat-b", role=roles.COUNCIL)
    login(page, "rat-b", password="falsch")
    assert "/konto/login/" in page.url
    expect(page.locator("body")).to_contain_text("Benutzername")
    assert page.get_by_label("Benutzername").input_value() == "rat-b"
    expect(page.get_by_role("alert")).to_be_visible()


def _header_fits(page):
    return page.evaluate(
        "() => { const nav = document.querySelector('header nav');"
        " return nav.scrollWidth <= document.documentElement.clientWidth; }"
    )


def test_header_fits_on_a_desktop_and_on_a_phone(page, db):
    """The widest menu (coordinator with the admin link) stays inside the window: at 1280 px
    every section and the account links are in view; on a phone they fold behind the
    toggler and the concept's name still fits."""
    UserFactory(
        username="koordination-c",
        first_name="Karla",
        last_name="Koordinatorin-Mustermann",
        role=roles.COORDINATOR,
        is_staff=True,
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    login(page, "koordination-c")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    sections = ["Übersicht", "Maßnahmen", "Akteure", "Ziele", "Benutzer*innen", "Gemeinde"]
    sections += ["Evaluierung"]
    sections += ["Drucksachen", "Fortschreibungen", "Mein Konto", "Verwaltung"]
    for name in sections:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_in_viewport()
    expect(nav.get_by_role("button", name="Beteiligung")).to_be_in_viewport()
    expect(nav.get_by_role("button", name="Abmelden")).to_be_in_viewport()
    assert _header_fits(page)

    page.set_viewport_size({"width": 390, "height": 800})
    assert _header_fits(page)
    expect(nav.get_by_role("link", name="Mein Konto")).to_be_hidden()
    nav.get_by_role("button", name="Navigation ein- oder ausblenden").click()
    expect(nav.get_by_role("link", name="Mein Konto")).to_be_visible()
    expect(nav.get_by_role("link", name="Drucksachen")).to_be_visible()
    assert _header_fits(page)
    assert_accessible(page)
    nav.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(f"{page.base_url}/konto/login/")


def test_failed_save_focuses_the_error_summary(page, db):
    UserFactory(username="koordination-d", role=roles.COORDINATOR)
    login(page, "koordination-d")
    page.goto(f"{page.base_url}/massnahmen/neu/")
    page.get_by_role("button", name="Speichern").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Titel"))).to_have_attribute(
        "href", "#id_title"
    )
    assert_accessible(page)
    # the link focuses its field and leaves the address alone; the next failed save (the
    # form posts to that address) focuses the new summary, not the old field
    summary.get_by_role("link", name=re.compile("^Titel")).click()
    expect(page.locator("#id_title")).to_be_focused()
    assert "#" not in page.url
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".error-summary")).to_be_focused()
