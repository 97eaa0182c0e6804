"""Browser: the import preview of another town's file with a missing actor: choose, confirm.
Saves the screenshot of the documentation (docs/img/import-vorschau.png)."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from concept import roles
from concept.models import ActionField, ActorAlias
from concept.tests.factories import ActorFactory, GoalFactory, UserFactory, action_field
from measures.models import Measure
from measures.tests import musterhausen

from .conftest import assert_accessible, login


@pytest.fixture(autouse=True)
def action_fields(transactional_db):
    """The live server's tables are flushed between tests: restore the seven fields."""
    from importlib import import_module

    from django.apps import apps

    if not ActionField.objects.exists():
        import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "img" / "import-vorschau.png"


def test_coordinator_maps_a_missing_actor_in_the_preview_and_imports(page, tmp_path):
    UserFactory(username="koordination-i", role=roles.COORDINATOR, is_staff=True)
    ActorFactory(name="Caritasverband Musterhausen e.V.", short_name="Caritas")
    ActorFactory(name="Jobcenter Region Musterhausen", short_name="Jobcenter Region")
    ActorFactory(name="Stadt – FB 50 Soziales", kind="city_team")
    mso = ActorFactory(name="Migrant*innenorganisationen im Integrationsbeirat")
    GoalFactory(action_field=action_field(3), title="Deutschkenntnisse von Erwachsenen verbessern")
    upload = tmp_path / "Massnahmenplan_2025.xlsx"
    upload.write_bytes(musterhausen.workbook_bytes())
    login(page, "koordination-i")

    page.goto(f"{page.base_url}/massnahmen/import/")
    page.get_by_label("Maßnahmen", exact=True).check()
    page.get_by_label("Datei (.xlsx oder .csv)").set_input_files(str(upload))
    page.get_by_role("button", name="Hochladen und Vorschau zeigen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Import-Vorschau")
    expect(page.locator("legend", has_text="Migrantenselbstorganisationen")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 1100, "height": 900})
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)

    fieldset = page.locator("fieldset", has_text="Migrantenselbstorganisationen")
    fieldset.get_by_label("einem vorhandenen Akteur zuordnen").check()
    fieldset.get_by_label("Vorhandener Akteur für „Migrantenselbstorganisationen“").select_option(
        str(mso.pk)
    )
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    expect(fieldset.get_by_label("einem vorhandenen Akteur zuordnen")).to_be_checked()
    page.get_by_role("button", name="Import bestätigen").click()
    expect(page.get_by_text("Import abgeschlossen")).to_be_visible()
    assert Measure.objects.count() == 2
    assert ActorAlias.objects.get().actor == mso
