"""The measures app in Chromium: a long import preview leads with what changes, and the
edit form keeps the partner boxes ticked when it refuses the lead actor as partner."""

import pytest
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import ActorFactory, UserFactory, action_field
from measures.models import Measure
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login


@pytest.fixture(autouse=True)
def action_fields(transactional_db):
    """The live server's tables are flushed between tests: restore the seven fields."""
    from importlib import import_module

    from django.apps import apps

    import_module("concept.migrations.0002_action_fields_and_roles").create(apps, None)


def test_a_long_import_preview_shows_the_changes_and_folds_the_unchanged_rows(page, tmp_path):
    UserFactory(username="koordination-r", role=roles.COORDINATOR)
    field = action_field(3)
    for n in range(1, 31):
        MeasureFactory(number=f"3.{n}", title=f"Maßnahme {n}", action_field=field)
    rows = [f"3.{n};3;Maßnahme {n}" for n in range(1, 31)]
    rows[4] = "3.5;3;Lesepaten in Kitas"
    upload = tmp_path / "massnahmen.csv"
    upload.write_text("Nr.;Handlungsfeld;Titel\n" + "\n".join(rows) + "\n", encoding="utf-8")

    login(page, "koordination-r")
    page.goto(f"{page.base_url}/massnahmen/import/")
    page.get_by_label("Datei (.xlsx oder .csv)").set_input_files(str(upload))
    page.get_by_role("button", name="Hochladen und Vorschau zeigen").click()

    table = page.get_by_role("table", name="Was der Import je Zeile tun würde")
    expect(table.get_by_role("row")).to_have_count(2)  # header and the one change
    expect(table.get_by_text("Titel: Maßnahme 5 → Lesepaten in Kitas")).to_be_visible()
    folded = page.get_by_text("29 unveränderte Zeilen anzeigen")
    expect(page.get_by_text("Zeile 2: 3.1 Maßnahme 1")).to_be_hidden()
    folded.click()
    expect(page.get_by_text("Zeile 2: 3.1 Maßnahme 1")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Import bestätigen").click()
    expect(page.get_by_role("status").filter(has_text="1 geändert")).to_be_visible()
    assert Measure.objects.get(number="3.5").title == "Lesepaten in Kitas"


def test_lead_actor_as_partner_is_refused_at_the_field_and_the_boxes_stay_ticked(page):
    UserFactory(username="koordination-s", role=roles.COORDINATOR)
    lead = ActorFactory(name="Volkshochschule Leinetal")
    ActorFactory(name="AWO Ortsverein")
    measure = MeasureFactory(number="3.1", title="Sprachcafé", lead_actor=lead)
    login(page, "koordination-s")
    page.goto(f"{page.base_url}/massnahmen/{measure.pk}/bearbeiten/")
    page.get_by_label("Titel").fill("Sprachcafé am Abend")
    page.get_by_label("Ausgangswert", exact=True).fill("1.234,5")
    page.get_by_role("checkbox", name="Volkshochschule Leinetal").check()
    page.get_by_role("checkbox", name="AWO Ortsverein").check()
    page.get_by_role("button", name="Speichern").click()

    summary = page.get_by_role("link", name="ist federführend")
    expect(summary).to_be_visible()
    expect(page.get_by_role("checkbox", name="Volkshochschule Leinetal")).to_be_checked()
    expect(page.get_by_role("checkbox", name="AWO Ortsverein")).to_be_checked()
    expect(page.get_by_label("Titel")).to_have_value("Sprachcafé am Abend")
    expect(page.get_by_label("Ausgangswert", exact=True)).to_have_value("1.234,5")
    assert_accessible(page)

    summary.click()  # the error summary leads to the partner boxes (to the first one)
    expect(page.locator("#id_partners_0")).to_be_focused()
    page.get_by_role("checkbox", name="Volkshochschule Leinetal").uncheck()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sprachcafé am Abend")
    assert [a.name for a in Measure.objects.get().partners.all()] == ["AWO Ortsverein"]
