"""Excel/CSV import: upload, preview per row with German errors, confirm all or nothing."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures.importing import storage
from measures.models import Measure

from .factories import MeasureFactory

UPLOAD = reverse("measures:import")
PREVIEW = reverse("measures:import_preview")
DEMO_CSV = Path(__file__).parent.parent / "demo_data" / "measures.csv"
HEADER = "action_field_number,goal,title,description,target_group,lead_actor,partners,start,deadline,staff_hours_per_year,budget_eur,funding_source,indicator,unit,baseline,target,status"  # noqa: E501


@pytest.fixture
def world(db):
    return {
        "vhs": ActorFactory(name="Volkshochschule Leinetal", short_name="VHS"),
        "awo": ActorFactory(name="AWO Ortsverein", short_name="AWO"),
        "goal": GoalFactory(action_field=action_field(3), title="Alle Kinder sprechen Deutsch"),
    }


def csv_file(*rows, name="massnahmen.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *rows]) + "\n").encode("utf-8"))


GOOD = '3,Alle Kinder sprechen Deutsch,Lesepaten,Vorlesen in Kitas,Kinder,VHS,AWO,01.02.2026,31.12.2026,120,"12.500,00",Haushalt,Kinder,Personen,0,40,in Umsetzung'  # noqa: E501
BAD = "3,Unbekanntes Ziel,Elterncafé,,,Niemand e. V.,,31.02.2026,,zwölf,,,,,,,erledigt"


def upload(client, file, kind="measures"):
    return client.post(UPLOAD, {"kind": kind, "file": file})


@pytest.mark.django_db
def test_preview_says_what_will_be_created_and_writes_nothing(client, coordinator, world):
    client.force_login(coordinator)
    response = upload(client, csv_file(GOOD))
    assert response.status_code == 302 and response.url == PREVIEW
    response = client.get(PREVIEW)
    html = response.content.decode()
    assert "wird angelegt" in html
    assert "3.1 Lesepaten" in html
    assert "Import bestätigen" in html
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_confirm_imports_with_the_user_in_the_history_and_removes_the_file(
    client, coordinator, world
):
    client.force_login(coordinator)
    upload(client, csv_file(GOOD))
    stored = client.session[storage.SESSION_KEY]["path"]
    response = client.post(PREVIEW)
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.number == "3.1"
    assert measure.lead_actor == world["vhs"]
    assert list(measure.partners.all()) == [world["awo"]]
    assert measure.budget_amount == Decimal("12500.00")
    assert measure.goal == world["goal"]
    assert measure.status == "in_progress"
    assert measure.is_smart
    record = measure.history.get()
    assert record.history_user == coordinator
    assert record.history_change_reason == "Import aus Datei"
    assert storage.SESSION_KEY not in client.session
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored)


@pytest.mark.django_db
def test_preview_lists_every_error_in_german_with_line_and_field(client, coordinator, world):
    client.force_login(coordinator)
    upload(client, csv_file(GOOD, BAD))
    response = client.get(PREVIEW)
    html = response.content.decode()
    for message in [
        "Zeile 3, Beginn „31.02.2026“: Kein gültiges Datum; erwartet TT.MM.JJJJ",
        "Zeile 3, Personal (Stunden pro Jahr) „zwölf“: Keine Zahl; erwartet z. B. 1.234,56",
        "Zeile 3, Status „erledigt“: Diesen Status gibt es nicht. Gültig: „geplant“",
    ]:
        assert message in html, message
    # unknown names are no row errors: they are listed once, to be created or mapped
    plan = response.context["plan"]
    assert [e.text for e in plan.missing_actors] == ["Niemand e. V."]
    assert [e.text for e in plan.missing_goals] == ["Unbekanntes Ziel"]
    assert "Import bestätigen" not in html
    assert "Es wird nichts importiert" in html


@pytest.mark.django_db
def test_nothing_is_written_if_any_row_is_invalid(client, coordinator, world):
    client.force_login(coordinator)
    upload(client, csv_file(GOOD, BAD))
    response = client.post(PREVIEW, {"action": "confirm"})  # despite the errors (forged)
    assert response.status_code == 400
    assert not Measure.objects.exists()
    assert "Es wurde nichts importiert" in response.content.decode()


@pytest.mark.django_db
def test_existing_measure_is_changed_and_the_preview_shows_old_and_new(client, coordinator, world):
    MeasureFactory(
        number="3.1",
        action_field=action_field(3),
        title="Lesepaten",
        budget_amount=Decimal("100"),
        lead_actor=world["vhs"],
    )
    client.force_login(coordinator)
    upload(client, csv_file(GOOD))
    html = client.get(PREVIEW).content.decode()
    assert "wird geändert" in html
    assert "Finanzmittel (€): 100,00 € → 12.500,00 €" in html
    client.post(PREVIEW)
    measure = Measure.objects.get()
    assert measure.budget_amount == Decimal("12500")
    assert measure.version == 2


@pytest.mark.django_db
def test_demo_file_is_read_and_names_not_of_an_actor_are_listed_as_missing(
    client, coordinator, demo_data
):
    """The demo file says "VHS" or "Migrantenorganisationen"; only names, short names and
    aliases of actors count, never the demo's own alias table."""
    client.force_login(coordinator)
    upload(client, SimpleUploadedFile("measures.csv", DEMO_CSV.read_bytes()))
    plan = client.get(PREVIEW).context["plan"]
    assert len(plan.rows) == 35
    assert plan.error_count == 0, plan.error_lines()
    missing = {e.text for e in plan.missing_actors}
    assert "Freiwilligenagentur" in missing
    assert "Migrantenorganisationen" in missing  # not silently the Kulturverein
    assert not plan.is_valid


@pytest.mark.django_db
def test_demo_file_with_its_names_mapped_matches_the_demo_data(client, coordinator, demo_data):
    """Mapped once in the preview (as a coordinator would), the demo file reads back as the
    demo data: nothing changes."""
    import csv

    from concept.demo import ACTORS
    from concept.models import Actor
    from measures.demo import ACTOR_KEYS

    rows = list(csv.DictReader(DEMO_CSV.open(encoding="utf-8")))
    out = io.StringIO()
    columns = [c for c in rows[0] if c != "partners"]
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    count = Measure.objects.count()
    client.force_login(coordinator)
    upload(client, SimpleUploadedFile("m.csv", out.getvalue().encode()))
    plan = client.get(PREVIEW).context["plan"]
    names = {key: name for key, name, *_rest in ACTORS}
    choices = {}
    for entry in plan.missing_actors:
        actor = Actor.objects.get(name=names[ACTOR_KEYS[entry.text]])
        choices |= {f"{entry.key}-choice": "map", f"{entry.key}-target": actor.pk}
    plan = client.post(PREVIEW, {**choices, "action": "refresh"}).context["plan"]
    assert plan.is_valid, plan.error_lines()
    assert plan.skip_count == 35, [r.changes for r in plan.rows if r.changes]
    client.post(PREVIEW, {**choices, "action": "confirm"})
    assert Measure.objects.count() == count


@pytest.mark.django_db
def test_xlsx_upload_is_read_like_csv(client, coordinator, world):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["action_field_number", "title", "lead_actor", "deadline", "budget_eur"])
    sheet.append([3, "Elterncafé", "AWO", "31.12.2026", 1500.5])
    data = io.BytesIO()
    book.save(data)
    client.force_login(coordinator)
    upload(client, SimpleUploadedFile("m.xlsx", data.getvalue()))
    client.post(PREVIEW)
    measure = Measure.objects.get()
    assert measure.budget_amount == Decimal("1500.50")
    assert measure.lead_actor == world["awo"]


@pytest.mark.django_db
def test_a_file_changed_on_the_server_after_the_preview_is_refused(client, coordinator, world):
    from django.core.files.storage import default_storage

    client.force_login(coordinator)
    upload(client, csv_file(GOOD))
    path = client.session[storage.SESSION_KEY]["path"]
    with default_storage.open(path, "wb") as handle:
        handle.write(("\n".join([HEADER, GOOD.replace("Lesepaten", "Untergeschoben")])).encode())
    response = client.post(PREVIEW)
    assert response.status_code == 302 and response.url == UPLOAD
    assert not Measure.objects.exists()


@pytest.mark.django_db
def test_wrong_files_get_a_german_message(client, coordinator):
    client.force_login(coordinator)
    response = upload(client, SimpleUploadedFile("m.pdf", b"%PDF"))
    assert "Dateiendung" in response.content.decode()
    response = upload(client, SimpleUploadedFile("m.csv", b"foo,bar\n1,2\n"))
    assert "keine Kopfzeile mit bekannten Spaltennamen" in response.content.decode()
    response = upload(client, SimpleUploadedFile("m.csv", b"Nr;Titel\n1.1;Sprachcafe\n"))
    assert "fehlen die Spalten: „Handlungsfeld“" in response.content.decode()
    assert storage.SESSION_KEY not in client.session


@pytest.mark.django_db
def test_abandoned_uploads_older_than_a_day_are_removed_on_the_next_upload(
    client, coordinator, world
):
    import os
    import time

    from django.core.files.storage import default_storage

    client.force_login(coordinator)
    upload(client, csv_file(GOOD))
    old = client.session[storage.SESSION_KEY]["path"]
    # another user's forgotten upload, two days old
    forgotten = default_storage.save(f"{storage.FOLDER}/vergessen.csv", io.BytesIO(b"x"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(forgotten), (two_days_ago, two_days_ago))
    upload(client, csv_file(GOOD))
    assert not default_storage.exists(forgotten)
    assert not default_storage.exists(old)  # replaced by the new upload of the same session
    assert default_storage.exists(client.session[storage.SESSION_KEY]["path"])
