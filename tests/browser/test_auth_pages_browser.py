"""Browser: the pages around the login and the legal pages, in Chromium with CSRF on."""

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, UserFactory
from participation.services import publication_update

from .conftest import assert_accessible, login


def test_accessibility_statement_and_footer_links_for_a_visitor(page, db):
    coordinator = UserFactory(username="koordination-p", role=roles.COORDINATOR)
    publication_update(user=coordinator, is_published=True, intro="")
    page.goto(f"{page.base_url}/konto/login/")
    footer = page.get_by_role("navigation", name="Rechtliche Hinweise")
    expect(footer.get_by_role("link", name="Impressum")).to_have_attribute(
        "href", settings.IMPRINT_URL
    )
    expect(footer.get_by_role("link", name="Datenschutz")).to_be_visible()
    page.get_by_role("link", name="Öffentliche Übersicht des Handlungskonzepts").click()
    expect(page).to_have_url(f"{page.base_url}{reverse('public:overview')}")
    footer.get_by_role("link", name="Erklärung zur Barrierefreiheit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erklärung zur Barrierefreiheit")
    assert_accessible(page)


def test_expired_session_on_a_button_ends_on_the_start_page_not_an_error(page, db):
    """The session is gone; the user clicks a POST-only action: login, then a note."""
    UserFactory(username="koordination-s", role=roles.COORDINATOR, is_staff=True)
    actor = ActorFactory()
    action = reverse("concept:member_add", args=[actor.pk])
    page.goto(f"{page.base_url}/konto/login/?next={action}")
    expect(page.get_by_text("Ihre Sitzung ist abgelaufen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Benutzername").fill("koordination-s")
    page.get_by_label("Passwort").fill("pw-for-tests-123")
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    expect(page).to_have_url(f"{page.base_url}/")
    expect(page.get_by_role("status")).to_contain_text("wurde nicht ausgeführt")

    # Opened directly (a bookmark): a German page instead of the browser's "HTTP ERROR 405".
    response = page.goto(f"{page.base_url}{action}")
    assert response.status == 405
    expect(page.get_by_role("heading", level=1)).to_have_text("Aktion nicht ausgeführt")
    assert_accessible(page)


def test_lock_out_page_and_logout_message_are_accessible(page, db):
    UserFactory(username="rat-l", role=roles.COUNCIL)
    login(page, "rat-l")
    page.get_by_role("button", name="Abmelden").first.click()
    page.wait_for_load_state()
    expect(page.get_by_role("status")).to_have_text("Sie wurden abgemeldet.")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(page, "rat-l", password="falsch")
    expect(page.get_by_role("alert")).to_contain_text("Nach einem weiteren Fehlversuch")
    assert_accessible(page)
    login(page, "rat-l", password="falsch")
    expect(page.get_by_role("alert")).to_contain_text("für eine Stunde gesperrt")
    expect(page.get_by_role("link", name="Passwort vergessen?")).to_be_visible()
    assert_accessible(page)
