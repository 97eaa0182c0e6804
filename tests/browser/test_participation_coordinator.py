"""The coordinator's side of participation in the browser: invitation once (and again only on
purpose), a result linked to measures through the multiple select, the minutes and the export
as downloads, the public page's table of contents."""

import datetime
from importlib import import_module
from io import BytesIO

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, MembershipFactory, UserFactory, action_field
from measures.tests.factories import MeasureFactory
from participation.models import ConferenceResult
from participation.services import publication_update
from participation.tests.factories import (
    ConferenceFactory,
    NeedFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
)

from .conftest import assert_accessible, login


@pytest.fixture
def seven_fields(transactional_db):
    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


def test_coordinator_invites_once_records_a_result_and_downloads_the_minutes(page, seven_fields):
    actor = ActorFactory(name="Familienzentrum Süd")
    MembershipFactory(actor=actor, user__email="fz@example.org")
    UserFactory(username="koordination-r", role=roles.COORDINATOR)
    first, _second, third = (
        MeasureFactory(number=f"7.{n}", title=f"Netzwerk {n}") for n in (1, 2, 3)
    )
    conference = ConferenceFactory(
        title="Integrationskonferenz für Ältere",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    conference.invited_actors.set([actor])

    login(page, "koordination-r")
    url = f"{page.base_url}{conference.get_absolute_url()}"
    stale = page.context.new_page()  # a second tab, opened before the invitation went out
    stale.goto(url)
    page.goto(url)
    page.get_by_role("button", name="Einladung an alle Akteursmitglieder senden").click()
    expect(page.get_by_role("status").filter(has_text="1 Person.")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["fz@example.org"]]
    expect(page.get_by_role("button", name="Erneut an alle senden")).to_be_visible()
    assert_accessible(page)
    stale.get_by_role("button", name="Einladung an alle Akteursmitglieder senden").click()
    expect(stale.get_by_text("bereits am")).to_be_visible()
    assert len(mail.outbox) == 1
    stale.close()
    page.reload()
    page.get_by_role("button", name="Erneut an alle senden").click()
    expect(page.get_by_role("status").filter(has_text="1 Person.")).to_be_visible()
    assert len(mail.outbox) == 2

    page.get_by_label("Text").fill("Runder Tisch Sprache")
    page.get_by_label("betrifft Maßnahmen").select_option([str(first.pk), str(third.pk)])
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("link", name="7.3 Netzwerk 3")).to_be_visible()
    assert set(ConferenceResult.objects.get().measures.all()) == {first, third}
    assert_accessible(page)

    with page.expect_download() as download:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url;"
            " document.body.append(a); a.click(); }",
            f"{page.base_url}/beteiligung/konferenzen/{conference.pk}/protokoll.txt",
        )
    name = download.value.suggested_filename
    assert name.startswith("protokoll-integrationskonferenz-fuer-aeltere-") and name.endswith(
        ".txt"
    )
    with open(download.value.path(), encoding="utf-8") as file:
        text = file.read()
    assert "INTEGRATIONSKONFERENZ FÜR ÄLTERE" in text and "betrifft Maßnahme 7.3" in text


def test_coordinator_exports_a_round_and_the_public_page_has_a_table_of_contents(
    page, seven_fields
):
    actor = ActorFactory(name="Jugendhaus Nord")
    UserFactory(username="koordination-s", role=roles.COORDINATOR)
    survey_round = SurveyRoundFactory(title="Abfrage für Ältere", invited_actors=[actor])
    NeedFactory(response=SurveyResponseFactory(survey_round=survey_round, actor=actor))
    MeasureFactory(action_field=action_field(2))
    publication_update(
        user=UserFactory(role=roles.COORDINATOR), is_published=True, intro="Willkommen"
    )

    login(page, "koordination-s")
    page.goto(f"{page.base_url}{survey_round.get_absolute_url()}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Antworten als Excel-Datei").click()
    assert download.value.suggested_filename == "abfrage-abfrage-fuer-aeltere.xlsx"
    with open(download.value.path(), "rb") as file:
        workbook = load_workbook(BytesIO(file.read()))
    assert workbook.sheetnames == ["Stand", "Bestand", "Bedarf"]

    page.goto(f"{page.base_url}/beteiligung/oeffentlich/")
    toc = page.get_by_role("navigation", name="Handlungsfelder auf dieser Seite")
    toc.get_by_role("link", name="2. Wohnen und Leben").click()
    assert page.url.endswith(f"#field-{action_field(2).pk}")
    expect(page.get_by_role("heading", name="2. Wohnen und Leben")).to_be_in_viewport()
    assert_accessible(page)
