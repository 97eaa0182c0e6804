from concept import roles
from concept.tests.factories import UserFactory

from .conftest import assert_accessible, login


def test_login_page_and_start_page_are_accessible_and_show_the_fields(page, db):
    UserFactory(username="koordination-b", role=roles.COORDINATOR)
    page.goto(f"{page.base_url}/")
    assert "/konto/login/" in page.url
    assert_accessible(page)
    login(page, "koordination-b")
    assert page.get_by_role("heading", level=1).inner_text() == "Übersicht"
    assert page.get_by_role("rowheader", name="7. Vernetzung").is_visible()
    assert_accessible(page)


def test_wrong_password_shows_a_german_message_and_keeps_the_username(page, db):
    UserFactory(username="rat-b", role=roles.COUNCIL)
    login(page, "rat-b", password="falsch")
    assert "/konto/login/" in page.url
    assert "Benutzername" in page.content()
    assert page.get_by_label("Benutzername").input_value() == "rat-b"
    assert page.get_by_role("alert").is_visible()
