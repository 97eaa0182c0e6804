"""Browser: actor pages, user invitation through the e-mail link, password pages."""

import re

from django.core import mail
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, GoalFactory, MembershipFactory, UserFactory
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login

NEW_PASSWORD = "Leine-Ufer-2026!"


def _actor_with_measures():
    actor = ActorFactory(name="Volkshochschule Leinetal", contact_person="Frau Kurs")
    MembershipFactory(actor=actor, user__username="vhs-mitglied")
    MeasureFactory(lead_actor=actor, title="Sprachcafé für Eltern")
    MeasureFactory(title="Interkulturelles Fest").partners.add(actor)
    return actor


def test_coordinator_invites_a_user_who_sets_a_password_via_the_mail_link_and_logs_in(page):
    UserFactory(username="koordination-b", role=roles.COORDINATOR, is_staff=True)
    actor = ActorFactory(name="AWO Ortsverein")
    login(page, "koordination-b")

    page.get_by_role("link", name="Benutzer*innen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benutzer*innen")
    assert_accessible(page)
    page.get_by_role("link", name="Person einladen").click()
    assert_accessible(page)

    # invalid first: the input stays, the errors are announced accessibly
    page.get_by_label("Vorname").fill("Nora")
    page.get_by_role("button", name="Einladung senden").click()
    assert page.get_by_label("Vorname").input_value() == "Nora"
    expect(page.get_by_role("alert").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Nachname").fill("Neu")
    page.get_by_label("E-Mail-Adresse").fill("nora.neu@example.org")
    page.get_by_label("Rolle").select_option(roles.ACTOR)
    page.get_by_label("AWO Ortsverein").check()
    page.get_by_role("button", name="Einladung senden").click()
    expect(page.locator("body")).to_contain_text("wurde eingeladen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nora Neu")
    assert_accessible(page)

    (message,) = mail.outbox
    assert message.to == ["nora.neu@example.org"]
    link = re.search(r"https?://\S+/konto/reset/\S+/", message.body).group(0)
    assert link.startswith(page.base_url)

    page.get_by_role("button", name="Abmelden").click()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Passwort festlegen")
    assert_accessible(page)
    page.get_by_label(re.compile(r"^\s*Neues Passwort\s*\*?\s*$")).fill(NEW_PASSWORD)
    page.get_by_label("Neues Passwort bestätigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort gespeichert")
    assert_accessible(page)

    page.get_by_role("link", name="Zur Anmeldung").click()
    login(page, "nora.neu@example.org", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht")
    page.get_by_role("link", name="Mein Konto").click()
    expect(page.locator("body")).to_contain_text("AWO Ortsverein")
    assert page.get_by_role("link", name="Benutzer*innen").count() == 0
    assert_accessible(page)
    assert actor.memberships.filter(user__username="nora.neu@example.org").exists()


def test_council_reader_sees_actor_pages_without_edit_buttons(page):
    UserFactory(username="rat-b", role=roles.COUNCIL)
    _actor_with_measures()
    login(page, "rat-b")
    page.get_by_role("link", name="Akteure").click()
    expect(page.get_by_role("link", name="Volkshochschule Leinetal")).to_be_visible()
    assert page.get_by_role("link", name="Akteur anlegen").count() == 0
    assert_accessible(page)
    page.get_by_role("link", name="Volkshochschule Leinetal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Volkshochschule Leinetal")
    expect(page.locator("body")).to_contain_text("Sprachcafé für Eltern")
    expect(page.locator("body")).to_contain_text("Interkulturelles Fest")
    for name in ("Bearbeiten", "Löschen", "Entfernen", "Mitglied hinzufügen"):
        assert page.get_by_role("button", name=name).count() == 0
        assert page.get_by_role("link", name=name).count() == 0
    assert page.get_by_role("link", name="Benutzer*innen").count() == 0
    assert_accessible(page)


def test_coordinator_actor_form_goals_and_detail_are_accessible(page):
    UserFactory(username="koordination-b", role=roles.COORDINATOR)
    actor = _actor_with_measures()
    GoalFactory(title="Sprachkurse ausbauen")
    login(page, "koordination-b")
    page.goto(f"{page.base_url}/akteure/{actor.pk}/")
    expect(page.get_by_role("link", name="Bearbeiten")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bearbeiten").click()
    page.get_by_label(re.compile(r"^\s*Name\s*\*?\s*$")).fill("")
    page.get_by_label("Ansprechperson").fill("Herr Neu")
    page.get_by_role("button", name="Speichern").click()
    assert page.get_by_label("Ansprechperson").input_value() == "Herr Neu"
    assert_accessible(page)
    page.goto(f"{page.base_url}/akteure/neu/")
    assert_accessible(page)
    page.get_by_role("link", name="Ziele").click()
    expect(page.get_by_role("rowheader", name="Sprachkurse ausbauen")).to_be_visible()
    assert_accessible(page)


def test_password_pages_are_accessible(page):
    UserFactory(username="akteur-b", role=roles.ACTOR)
    page.goto(f"{page.base_url}/konto/login/")
    page.get_by_role("link", name="Passwort vergessen?").click()
    assert_accessible(page)
    page.get_by_label("E-Mail").fill("akteur-b@example.org")
    page.get_by_role("button", name="Link anfordern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte prüfen Sie Ihr Postfach")
    assert_accessible(page)
    login(page, "akteur-b")
    page.goto(f"{page.base_url}/konto/password_change/")
    page.get_by_label("Altes Passwort").fill("falsch")
    page.get_by_role("button", name="Passwort ändern").click()
    expect(page.locator("body")).to_contain_text("Das alte Passwort war falsch")
    assert_accessible(page)
