"""Council papers end to end: freeze an edition, write a Beschlussvorlage, render, download."""

import datetime
import hashlib

import pytest
from playwright.sync_api import expect

from concept import roles
from concept.tests.factories import UserFactory
from council.models import CouncilPaper, PdfState, Revision, RevisionState
from council.services import revision_freeze
from council.tests.factories import RevisionFactory
from council.tests.migration_data import restore_migration_data  # noqa: F401
from measures.tests.factories import MeasureFactory

from .conftest import assert_accessible, login


# The live server's flush empties the database afterwards; restore_migration_data brings the
# action fields and role groups back for the browser tests that run later.
@pytest.mark.usefixtures("restore_migration_data")
def test_coordinator_freezes_writes_renders_and_council_downloads(page):
    UserFactory(username="koordination-c", role=roles.COORDINATOR)
    UserFactory(username="rat-c", role=roles.COUNCIL)
    measure = MeasureFactory(number="1.1", title="Willkommensmappe", budget_amount=6500)
    MeasureFactory(number="1.2", title="Lotsenprojekt")
    base = page.base_url

    login(page, "koordination-c")
    page.goto(f"{base}/rat/fassungen/")
    assert_accessible(page)
    page.get_by_role("link", name="Neue Fassung anlegen").click()
    page.get_by_label("Titel").fill("Handlungskonzept Integration")
    page.get_by_label("Laufzeit von").fill("01.01.2026")
    page.get_by_label("Laufzeit bis").fill("31.12.2027")
    page.get_by_role("button", name="Speichern").click()
    page.get_by_role("link", name="Einfrieren …").click()
    expect(page.get_by_text("Das lässt sich nicht rückgängig machen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Jetzt einfrieren").click()
    expect(page.get_by_text("geprüft: unverändert")).to_be_visible()
    expect(page.get_by_role("cell", name="Willkommensmappe")).to_be_visible()
    assert_accessible(page)
    first = Revision.objects.get()
    assert first.state == RevisionState.SUBMITTED

    # a second edition with a changed budget, to look at the differences
    measure.budget_amount = 8000
    measure.save()
    revision_freeze(revision=RevisionFactory(number=first.number + 1), user=None)
    page.goto(f"{base}/rat/fassungen/vergleich/")
    expect(page.get_by_text("Finanzmittel von 6.500,00 € auf 8.000,00 € erhöht")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{base}/rat/fassungen/vergleich/heute/")
    assert_accessible(page)

    # a Beschlussvorlage: first with mistakes, then right
    page.goto(f"{base}/rat/drucksachen/neu/")
    page.get_by_label("Art").select_option(label="Beschlussvorlage")
    page.get_by_role("button", name="Speichern").click()
    missing = "Eine Beschlussvorlage braucht einen Beschlussvorschlag."
    expect(page.get_by_role("link", name=f"Beschlussvorschlag: {missing}")).to_be_visible()
    expect(page.get_by_text(missing, exact=True)).to_be_visible()  # at the field, too
    assert_accessible(page)
    page.get_by_label("Betreff").fill("Handlungskonzept Integration – Erstfassung")
    page.get_by_label("Beschlussvorschlag").fill("Der Rat beschließt das Konzept.")
    page.get_by_label("Text").fill("Absatz.\n\n- Punkt eins\n - Unterpunkt")
    page.locator('[name="beratung-0-body_name"]').fill("Sozialausschuss")
    page.locator('[name="beratung-0-meeting_date"]').fill("10.06.2026")
    page.locator('[name="beratung-0-agenda_item"]').fill("4")
    page.locator('[name="beratung-0-role"]').select_option("vorberatung")
    page.locator('[name="beratung-1-body_name"]').fill("Rat")
    page.locator('[name="beratung-1-meeting_date"]').fill("02.07.2026")
    page.locator('[name="beratung-1-agenda_item"]').fill("12")
    page.locator('[name="beratung-1-role"]').select_option("beschlussfassung")
    page.get_by_label("Anlage: Fassung des Konzepts").select_option(str(first.pk))
    page.get_by_role("button", name="Speichern").click()
    paper = CouncilPaper.objects.get()
    assert page.url.endswith(paper.get_absolute_url())
    assert [c.body_name for c in paper.consultations.all()] == ["Sozialausschuss", "Rat"]
    expect(page.locator(".paper-body ul ul li")).to_have_text("Unterpunkt")
    assert_accessible(page)

    page.get_by_role("button", name="PDF erzeugen").click()
    expect(page.locator("#pdf-state")).to_contain_text("fertig")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF herunterladen").click()
    with open(info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.get_by_role("button", name="In den Rat einbringen").click()
    page.goto(f"{base}/rat/drucksachen/")
    assert_accessible(page)
    paper.refresh_from_db()
    assert paper.pdf_state == PdfState.DONE

    # the council reader downloads it and sees no edit buttons
    page.get_by_role("button", name="Abmelden").click()
    login(page, "rat-c")
    page.goto(f"{base}{paper.get_absolute_url()}")
    for name in ("Bearbeiten", "PDF erzeugen", "In den Rat einbringen", "Beschluss eintragen"):
        assert page.get_by_role("button", name=name).count() == 0
        assert page.get_by_role("link", name=name).count() == 0
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF herunterladen").click()
    with open(info.value.path(), "rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == paper.pdf_sha256
    assert_accessible(page)
    assert datetime.date.today()  # the page rendered German dates above
