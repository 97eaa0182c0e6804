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
