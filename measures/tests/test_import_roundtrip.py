"""Export → edit in Excel → import: the measure list's export reads back as it is."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concept.tests.factories import action_field
from measures.models import Measure

UPLOAD = reverse("measures:import")
PREVIEW = reverse("measures:import_preview")
# progress and current value are read (optional columns); SMART is computed
READ_ONLY = ["SMART"]


@pytest.fixture
def exported(client, coordinator, demo_data):
    """The demo data, one title that looks like a formula, and the coordinator logged in."""
    measure = Measure.objects.order_by("number").first()
    Measure.objects.filter(pk=measure.pk).update(title="=1+1 Rechenkurs", budget_years="2026")
    client.force_login(coordinator)

    def export(fmt):
        response = client.get(reverse("measures:export", args=[fmt]))
        assert response.status_code == 200
        return response.content

    return export


def preview_of(client, content, name):
    response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[-3000:]
    return client.get(PREVIEW)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_unchanged_export_reads_back_as_unchanged(client, exported, fmt):
    response = preview_of(client, exported(fmt), f"massnahmen.{fmt}")
    preview = response.context["plan"]
    assert preview.is_valid, [(r.line, r.errors) for r in preview.rows if r.errors]
    assert preview.skip_count == Measure.objects.count(), [
        (r.label, r.changes) for r in preview.rows if r.kind != "skip"
    ]
    assert preview.ignored_columns == READ_ONLY
    assert preview.unknown_columns == []
    assert "Nicht importiert wird die Spalte „SMART“" in response.content.decode()


def test_cells_edited_in_excel_change_exactly_those_fields(client, exported):
    book = openpyxl.load_workbook(io.BytesIO(exported("xlsx")))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    row = {h: sheet.cell(row=2, column=i + 1) for i, h in enumerate(headers)}
    number = row["Nr."].value
    old_title = Measure.objects.get(number=number).title
    row["Frist"].value = "30.06.2031"
    row["Finanzmittel (€)"].value = 4321.5
    new = dict.fromkeys(headers, "")
    new.update({"Handlungsfeld": action_field(2).name, "Titel": "Neues Sprachcafé"})
    sheet.append([new[h] for h in headers])
    out = io.BytesIO()
    book.save(out)

    preview = preview_of(client, out.getvalue(), "bearbeitet.xlsx").context["plan"]

    assert preview.is_valid, [(r.line, r.errors) for r in preview.rows if r.errors]
    changed = [r for r in preview.rows if r.kind == "update"]
    assert [r.label for r in changed] == [f"{number} {old_title}"]
    assert {field for field, _old, _new in changed[0].changes} == {"Frist", "Finanzmittel (€)"}
    assert [r.label.split(" ", 1)[1] for r in preview.rows if r.kind == "new"] == [
        "Neues Sprachcafé"
    ]
    client.post(PREVIEW)
    measure = Measure.objects.get(number=number)
    assert measure.deadline.isoformat() == "2031-06-30"
    assert str(measure.budget_amount) == "4321.50"
    assert measure.title == old_title  # the apostrophe of a formula-like title came off again
    assert Measure.objects.get(title="Neues Sprachcafé").action_field == action_field(2)
    assert measure.history.first().history_change_reason == "Import aus Datei"


def csv_upload(client, header, row="2;Zweites Sprachcafé"):
    content = f"{header}\n{row}\n".encode()
    return client.post(UPLOAD, {"file": SimpleUploadedFile("m.csv", content)})


@pytest.mark.django_db
def test_german_column_names_are_read_and_unknown_ones_are_named(client, coordinator):
    client.force_login(coordinator)
    assert csv_upload(client, "Handlungsfeld;Titel;Titell").status_code == 302
    response = client.get(PREVIEW)
    preview = response.context["plan"]
    assert preview.is_valid and preview.new_count == 1
    assert preview.unknown_columns == ["Titell"]
    assert "Diese Spalten werden nicht gelesen: „Titell“" in response.content.decode()


@pytest.mark.django_db
def test_two_columns_for_the_same_field_are_refused(client, coordinator):
    client.force_login(coordinator)
    response = csv_upload(client, "Handlungsfeld;title;Titel", "2;a;b")
    assert response.status_code == 400
    assert "Die Spalten „title“ und „Titel“ meinen beide „Titel“." in response.content.decode()


@pytest.mark.django_db
def test_a_missing_column_leaves_that_field_as_it_is(client, coordinator):
    from measures.tests.factories import MeasureFactory

    measure = MeasureFactory(number="2.9", title="Sprachcafé", action_field=action_field(2))
    lead = measure.lead_actor
    assert lead is not None
    client.force_login(coordinator)
    csv_upload(client, "Nr.;Handlungsfeld;Titel", "2.9;2;Sprachcafé am Abend")
    preview = client.get(PREVIEW).context["plan"]
    assert [field for field, _old, _new in preview.rows[0].changes] == ["Titel"]
    client.post(PREVIEW)
    measure.refresh_from_db()
    assert (measure.title, measure.lead_actor) == ("Sprachcafé am Abend", lead)


@pytest.mark.django_db
def test_german_numbers_and_odd_input_get_german_answers(client, coordinator):
    client.force_login(coordinator)
    header = "Handlungsfeld;Titel;Finanzmittel (€);Beginn;Frist"
    rows = "\n".join(
        [
            "2;Zwölftausend;12.500;;",
            "inf;Unendlich;;;",
            "2;Rückwärts;;31.12.2027;01.01.2027",
        ]
    )
    assert csv_upload(client, header, rows).status_code == 302
    response = client.get(PREVIEW)
    html = response.content.decode()
    assert "Zeile 3, Handlungsfeld „inf“: Dieses Handlungsfeld gibt es nicht." in html
    assert "Zeile 4, Frist „01.01.2027“: Die Frist darf nicht vor dem Beginn liegen." in html
    assert "Zeile 4, Zeile" not in html and "float" not in html
    rows = response.context["plan"].rows
    assert rows[0].errors == []
    client.post(PREVIEW)  # refused as a whole: rows 3 and 4 have errors
    assert not Measure.objects.filter(title="Zwölftausend").exists()
    csv_upload(client, header, "2;Zwölftausend;12.500;;")
    client.post(PREVIEW)
    assert str(Measure.objects.get(title="Zwölftausend").budget_amount) == "12500.00"
