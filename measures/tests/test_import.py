"""Excel/CSV import: upload, preview per row with German errors, confirm all or nothing."""

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures import imports
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


def upload(client, file):
    return client.post(UPLOAD, {"file": file})


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
    stored = client.session[imports.SESSION_KEY]["path"]
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
    assert imports.SESSION_KEY not in client.session
    from django.core.files.storage import default_storage

    assert not default_storage.exists(stored)


@pytest.mark.django_db
def test_preview_lists_every_error_in_german_with_line_and_field(client, coordinator, world):
    client.force_login(coordinator)
    upload(client, csv_file(GOOD, BAD))
    html = client.get(PREVIEW).content.decode()
    for message in [
        "Zeile 3, Ziel: Ziel „Unbekanntes Ziel“ gibt es in diesem Handlungsfeld nicht.",
        "Zeile 3, federführender Akteur: Akteur „Niemand e. V.“ gibt es nicht.",
        "Zeile 3, Beginn: „31.02.2026“ ist kein Datum im Format TT.MM.JJJJ.",
        "Zeile 3, Personal (Stunden pro Jahr): „zwölf“ ist keine Zahl",
        "Zeile 3, Status: Status „erledigt“ gibt es nicht.",
    ]:
        assert message in html, message
    assert "Import bestätigen" not in html
    assert "es wird nichts importiert" in html.lower() or "Es wird nichts importiert" in html


@pytest.mark.django_db
def test_nothing_is_written_if_any_row_is_invalid(client, coordinator, world):
    client.force_login(coordinator)
    upload(client, csv_file(GOOD, BAD))
    response = client.post(PREVIEW)  # confirm despite the errors (forged request)
    assert response.status_code == 400
    assert not Measure.objects.exists()
    assert "es wurde nichts importiert" in response.content.decode()


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


def test_demo_file_is_read_and_only_unknown_partner_names_are_reported(
    client, coordinator, demo_data
):
    client.force_login(coordinator)
    upload(client, SimpleUploadedFile("measures.csv", DEMO_CSV.read_bytes()))
    preview = client.get(PREVIEW).context["preview"]
    assert len(preview.rows) == 35
    errors = [error for row in preview.rows for error in row.errors]
    assert errors  # partner organisations the demo has no actor for
    assert {field for field, _message in errors} == {"Kooperationspartner"}
    assert "Akteur „Freiwilligenagentur“ gibt es nicht." in {m for _f, m in errors}


def test_demo_file_without_partner_column_matches_the_demo_data(client, coordinator, demo_data):
    import csv

    rows = list(csv.DictReader(DEMO_CSV.open(encoding="utf-8")))
    out = io.StringIO()
    columns = [c for c in rows[0] if c != "partners"]
    writer = csv.DictWriter(out, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    count = Measure.objects.count()
    client.force_login(coordinator)
    upload(client, SimpleUploadedFile("m.csv", out.getvalue().encode()))
    preview = client.get(PREVIEW).context["preview"]
    assert preview.is_valid, [r.errors for r in preview.rows if r.errors]
    assert preview.skip_count == 35, [r.changes for r in preview.rows if r.changes]
    client.post(PREVIEW)
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
    path = client.session[imports.SESSION_KEY]["path"]
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
    assert "Es fehlen Spalten: Handlungsfeld, Titel." in response.content.decode()
    assert imports.SESSION_KEY not in client.session


@pytest.mark.django_db
def test_abandoned_uploads_older_than_a_day_are_removed_on_the_next_upload(
    client, coordinator, world
):
    import os
    import time

    from django.core.files.storage import default_storage

    client.force_login(coordinator)
    upload(client, csv_file(GOOD))
    old = client.session[imports.SESSION_KEY]["path"]
    # another user's forgotten upload, two days old
    forgotten = default_storage.save(f"{imports.FOLDER}/vergessen.csv", io.BytesIO(b"x"))
    two_days_ago = time.time() - 2 * 86400
    os.utime(default_storage.path(forgotten), (two_days_ago, two_days_ago))
    upload(client, csv_file(GOOD))
    assert not default_storage.exists(forgotten)
    assert not default_storage.exists(old)  # replaced by the new upload of the same session
    assert default_storage.exists(client.session[imports.SESSION_KEY]["path"])
