"""Accessibility statement, imprint and privacy links, the public overview for visitors."""

import pytest
from django.urls import reverse

from participation.services import publication_update

pytestmark = pytest.mark.django_db

URL = "/barrierefreiheit/"


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="")


def test_accessibility_statement_is_public(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1 and "Erklärung zur Barrierefreiheit" in html
    assert "teilweise vereinbar" in html
    assert "Schlichtungsverfahren" in html
    assert "BITV 2.0" in html and "NBGG" in html


def test_accessibility_statement_takes_its_parts_from_the_settings(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "barrierefrei@example.org"
    settings.ACCESSIBILITY_KNOWN_ISSUES = "Die Karte ist nicht barrierefrei.\nZweiter Punkt."
    settings.ACCESSIBILITY_CONFORMANCE = "vollstaendig"
    html = client.get(URL).content.decode()
    assert 'href="mailto:barrierefrei@example.org"' in html
    assert "Die Karte ist nicht barrierefrei." in html
    assert "vollständig vereinbar" in html
    assert "noch nicht eingerichtet" not in html


def test_a_missing_contact_address_is_marked_for_the_operators(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""
    html = client.get(URL).content.decode()
    assert "Kontaktadresse noch nicht eingerichtet" in html
    assert "ACCESSIBILITY_CONTACT_EMAIL" in html


@pytest.mark.parametrize("who", ["anonymous", "council"])
@pytest.mark.parametrize("path", ["/konto/login/", "/beteiligung/oeffentlich/", "/", URL])
def test_every_page_has_the_legal_links_in_its_footer(
    client, settings, council, published, who, path
):
    settings.IMPRINT_URL = "https://www.example.org/impressum"
    settings.PRIVACY_URL = "https://www.example.org/datenschutz"
    if who == "council":
        client.force_login(council)
    response = client.get(path, follow=True)
    footer = response.content.decode().split("<footer", 1)[1]
    assert f'href="{URL}"' in footer
    assert 'href="https://www.example.org/impressum">Impressum<' in footer
    assert 'href="https://www.example.org/datenschutz">Datenschutz<' in footer


def test_error_pages_have_the_footer(client, council):
    client.force_login(council)
    assert f'href="{URL}"' in client.get("/gibt-es-nicht/").content.decode()


def test_visitors_find_the_public_overview_from_login_and_brand(client, published):
    public = reverse("public:overview")
    html = client.get(reverse("login")).content.decode()
    assert f'<a href="{public}">Öffentliche Übersicht des Handlungskonzepts</a>' in html
    assert f'class="navbar-brand" href="{public}"' in html


def test_without_publication_visitors_get_no_link_to_a_missing_page(client):
    html = client.get(reverse("login")).content.decode()
    assert "Öffentliche Übersicht" not in html
    assert f'class="navbar-brand" href="{reverse("home")}"' in html


def test_logged_in_users_brand_link_stays_the_start_page(client, council, published):
    client.force_login(council)
    html = client.get(URL).content.decode()
    assert f'class="navbar-brand" href="{reverse("home")}"' in html
