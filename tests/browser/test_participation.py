"""Participation in the browser: an actor answers a survey, the coordinator reads and acts."""

import datetime
from importlib import import_module

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory, action_field
from participation.models import ResponseStatus, SurveyResponse
from participation.services import publication_update
from participation.tests.factories import (
    ConferenceFactory,
    ConferenceResultFactory,
    SurveyRoundFactory,
)

from .conftest import assert_accessible, login


@pytest.fixture
def seven_fields(transactional_db):
    """The action fields come from a data migration; a flush by an earlier live-server test
    in the same worker removes them, so put them back (idempotent)."""
    from django.apps import apps

    migration = import_module("concept.migrations.0002_action_fields_and_roles")
    migration.create(apps, None)


def test_actor_answers_survey_and_coordinator_turns_a_need_into_a_draft_measure(page, seven_fields):
    actor = ActorFactory(name="Volkshochschule Leinetal")
    MembershipFactory(actor=actor, user__username="vhs-b")
    UserFactory(username="koordination-b", role=roles.COORDINATOR)
    survey_round = SurveyRoundFactory(
        title="Bedarfsabfrage 2026",
        invited_actors=[actor],
        action_fields=[action_field(3)],
        ends_on=timezone.localdate() + datetime.timedelta(14),
    )

    login(page, "vhs-b")
    page.get_by_role("button", name="Beteiligung").click()
    page.get_by_role("link", name="Bestandsaufnahme und Bedarfsabfrage").click()
    assert_accessible(page)
    page.get_by_role("link", name="Bedarfsabfrage 2026").click()
    assert_accessible(page)
    page.get_by_role("link", name="Volkshochschule Leinetal, Bildung und Sprache").click()
    assert_accessible(page)
    page.get_by_label("Angebot").first.fill("Integrationskurs mit Alphabetisierung")
    page.get_by_label("Reichweite (Personen pro Jahr)").first.fill("180")
    page.get_by_label("was fehlt").first.fill("Sprachkurse mit Kinderbetreuung")
    page.get_by_label("für wen").nth(2).fill("Mütter mit Kleinkindern")
    page.get_by_role("button", name="Entwurf speichern").click()
    expect(page.get_by_role("status").filter(has_text="Entwurf ist gespeichert")).to_be_visible()
    answer = SurveyResponse.objects.get(survey_round=survey_round)
    assert answer.status == ResponseStatus.DRAFT
    assert (
        page.get_by_label("Angebot").first.input_value() == "Integrationskurs mit Alphabetisierung"
    )
    page.get_by_role("button", name="Absenden").click()
    expect(page.get_by_role("status").filter(has_text="abgesendet")).to_be_visible()
    answer.refresh_from_db()
    assert answer.status == ResponseStatus.SUBMITTED
    page.get_by_role("button", name="Abmelden").click()

    login(page, "koordination-b")
    page.goto(f"{page.base_url}{survey_round.get_absolute_url()}")
    page.get_by_role("link", name="3. Bildung und Sprache").first.click()
    expect(page.get_by_role("heading", name="Volkshochschule Leinetal")).to_be_visible()
    expect(page.get_by_text("Integrationskurs mit Alphabetisierung")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Als Maßnahmenentwurf anlegen").click()
    page.wait_for_load_state()
    assert "/massnahmen/" in page.url
    expect(page.get_by_text("noch nicht SMART").first).to_be_visible()
    assert answer.needs.get().measure.title == "Sprachkurse mit Kinderbetreuung"


def test_conference_and_public_pages_are_accessible(page, seven_fields):
    UserFactory(username="koordination-c", role=roles.COORDINATOR)
    conference = ConferenceFactory(title="1. Integrationskonferenz", participant_count=62)
    ConferenceResultFactory(conference=conference)
    coordinator = UserFactory(username="koordination-d", role=roles.COORDINATOR)
    publication_update(user=coordinator, is_published=True, intro="Willkommen")

    page.goto(f"{page.base_url}/beteiligung/oeffentlich/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    login(page, "koordination-c")
    page.get_by_role("button", name="Beteiligung").click()
    page.get_by_role("link", name="Integrationskonferenzen").click()
    assert_accessible(page)
    page.get_by_role("link", name="1. Integrationskonferenz").click()
    expect(page.locator("dd", has_text="62")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Bearbeiten").click()
    assert_accessible(page)
    page.goto(f"{page.base_url}/beteiligung/kalender/")
    page.get_by_role("button", name="Kalender-Link erzeugen").click()
    assert page.get_by_label("Ihr persönlicher Kalender-Link").input_value().endswith(".ics")
    assert_accessible(page)
    page.goto(f"{page.base_url}/beteiligung/abfragen/neu/")
    assert_accessible(page)
    page.goto(f"{page.base_url}/beteiligung/veroeffentlichung/")
    assert_accessible(page)
