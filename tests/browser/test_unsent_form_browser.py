"""Browser: a save that meets an ended session loses nothing the user typed."""

from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory
from measures.models import Measure, StatusUpdate
from measures.tests.factories import MeasureFactory

from .conftest import PASSWORD, assert_accessible, login


def end_session(page):
    """What an expired session or a logout in another tab leaves: no session cookie."""
    page.context.clear_cookies(name="sessionid")


def log_in_again(page, username):
    expect(page.get_by_role("status").filter(has_text="aufbewahrt")).to_be_visible()
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def test_a_sachstand_typed_before_the_session_ended_is_back_after_the_login(page):
    own = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    MembershipFactory(actor=own, user__username="akteur-u")
    measure = MeasureFactory(lead_actor=own, title="Sprachcafé", number="3.1", progress=40)
    text = "Drei Kurse laufen, der vierte beginnt nach den Ferien."

    login(page, "akteur-u")
    page.get_by_role("link", name="Sachstand melden zu 3.1").click()
    page.get_by_label("Status").select_option(label="verzögert")
    page.get_by_label("Fortschritt (%)").fill("55")
    page.get_by_label("Sachstand in wenigen Sätzen").fill(text)
    end_session(page)
    page.get_by_role("button", name="Sachstand speichern").click()
    log_in_again(page, "akteur-u")

    expect(page.locator("#unsent-form-note")).to_contain_text("erneut speichern")
    expect(page.get_by_label("Sachstand in wenigen Sätzen")).to_have_value(text)
    expect(page.get_by_label("Fortschritt (%)")).to_have_value("55")
    expect(page.get_by_label("Status")).to_have_value("delayed")
    assert not StatusUpdate.objects.exists()  # nothing saved without the user
    assert_accessible(page)
    page.get_by_role("button", name="Sachstand speichern").click()
    expect(page.get_by_role("status").filter(has_text="Sachstand zu Maßnahme 3.1")).to_be_visible()
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == ("delayed", 55)
    assert StatusUpdate.objects.get().text == text


def test_the_coordinator_gets_text_fields_and_partner_boxes_back(page):
    UserFactory(username="koordination-u", role=roles.COORDINATOR, is_staff=True)
    lead = ActorFactory(name="Stadt Laatzen, Team Integration", short_name="Stadt")
    kept, added = ActorFactory(name="AWO Ortsverein"), ActorFactory(name="Caritas Hannover")
    measure = MeasureFactory(lead_actor=lead, title="Lesepaten", number="3.2")
    measure.partners.set([kept])

    login(page, "koordination-u")
    page.goto(f"{page.base_url}/massnahmen/{measure.pk}/bearbeiten/")
    page.get_by_label("Titel").fill("Lesepatenschaften an Grundschulen")
    page.get_by_role("checkbox", name="AWO Ortsverein").uncheck()
    page.get_by_role("checkbox", name="Caritas Hannover").check()
    end_session(page)
    page.get_by_role("button", name="Speichern").click()
    log_in_again(page, "koordination-u")

    expect(page.get_by_label("Titel")).to_have_value("Lesepatenschaften an Grundschulen")
    expect(page.get_by_role("checkbox", name="AWO Ortsverein")).not_to_be_checked()
    expect(page.get_by_role("checkbox", name="Caritas Hannover")).to_be_checked()
    assert Measure.objects.get().title == "Lesepaten"
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_load_state()
    measure.refresh_from_db()
    assert measure.title == "Lesepatenschaften an Grundschulen"
    assert list(measure.partners.all()) == [added]


def test_a_form_made_stale_by_a_new_login_in_another_tab_keeps_its_values(page):
    own = ActorFactory(name="Volkshochschule Leinetal", short_name="VHS")
    MembershipFactory(actor=own, user__username="akteur-t")
    MeasureFactory(lead_actor=own, title="Sprachcafé", number="3.1")
    text = "Die Gruppe trifft sich jetzt dienstags."

    login(page, "akteur-t")
    page.get_by_role("link", name="Sachstand melden zu 3.1").click()
    page.get_by_label("Sachstand in wenigen Sätzen").fill(text)
    other_tab = page.context.new_page()  # logs out and in again: a new CSRF token
    other_tab.goto(f"{page.base_url}/")
    other_tab.get_by_role("button", name="Abmelden").first.click()
    other_tab.wait_for_load_state()
    other_tab.base_url = page.base_url
    login(other_tab, "akteur-t")
    other_tab.close()

    page.get_by_role("button", name="Sachstand speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formular nicht angenommen")
    assert_accessible(page)
    page.get_by_role("link", name="Formular mit Ihren Eingaben neu öffnen").click()
    expect(page.get_by_label("Sachstand in wenigen Sätzen")).to_have_value(text)
    page.get_by_role("button", name="Sachstand speichern").click()
    expect(page.get_by_role("status").filter(has_text="Sachstand zu Maßnahme 3.1")).to_be_visible()
    assert StatusUpdate.objects.get().text == text
