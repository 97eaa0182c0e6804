"""The pages "Gemeinde & Darstellung" and "Handlungsfelder" in the browser (CSRF on, axe)."""

import io

from PIL import Image
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import UserFactory

from .conftest import assert_accessible, login


def test_coordinator_sets_name_colour_and_arms_and_the_header_shows_them(page, db, tmp_path):
    UserFactory(username="koordination-g", role=roles.COORDINATOR)
    arms = tmp_path / "wappen.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 48), (90, 31, 107)).save(buffer, "PNG")
    arms.write_bytes(buffer.getvalue())
    login(page, "koordination-g")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Gemeinde", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gemeinde & Darstellung")
    assert_accessible(page)
    page.get_by_label("Name der Gemeinde").fill("Gemeinde Musterhausen")
    page.get_by_label("Hauptfarbe").fill("#fd7e14")  # too light for white text
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator(".invalid-feedback, .error-summary").first).to_contain_text("Kontrast")
    assert page.get_by_label("Name der Gemeinde").input_value() == "Gemeinde Musterhausen"
    page.get_by_label("Hauptfarbe").fill("#5a1f6b")
    page.get_by_label("Wappen", exact=True).set_input_files(str(arms))
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("status")).to_contain_text("gespeichert")
    brand = page.locator(".navbar-brand")
    expect(brand).to_contain_text("Gemeinde Musterhausen")
    assert brand.locator("img.coat-of-arms").evaluate("img => img.naturalWidth") == 40
    background = page.locator("nav.bg-municipal").evaluate(
        "nav => getComputedStyle(nav).backgroundColor"
    )
    assert background == "rgb(90, 31, 107)"
    assert_accessible(page)

    page.get_by_role("link", name="Handlungsfelder verwalten").click()
    expect(page.get_by_role("rowheader", name="Vernetzung")).to_be_visible()
    assert_accessible(page)
