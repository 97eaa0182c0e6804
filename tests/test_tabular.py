"""core/tabular.py: tables as people keep them, and files too large refused before reading."""

import datetime
import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest

from core import tabular

ALIASES = {"Nr": "number", "Maßnahme": "title", "Handlungsfeld": "field", "Kosten (€)": "cost"}
LIMITS = {"max_rows": 100, "max_bytes": 1_000_000}


def read(data, name="plan.csv", **limits):
    return tabular.read_table(
        data, name, aliases=ALIASES, required=("title", "field"), **{**LIMITS, **limits}
    )


CSV = (
    "Maßnahmenplan Integration 2025;;;\n"
    "Nr;Maßnahme;Handlungsfeld;Kosten (€)\n"
    "1.1;Sprachcafé „Nord“;1;1.234,56\n"
)


@pytest.mark.parametrize(
    "data",
    [
        CSV.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV.encode("utf-8"),
        CSV.encode("cp1252"),
        CSV.replace(";", ",").replace("1.234,56", '"1.234,56"').encode("cp1252"),
        CSV.replace(";", "\t").encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1252", "comma", "utf-16-tab"],
)
def test_encodings_delimiters_and_a_title_row(data):
    table = read(data)
    assert table.header_line == 2
    assert len(table.rows) == 1
    row = table.rows[0]
    assert row.line == 3
    assert row.values["title"] == "Sprachcafé „Nord“"
    assert tabular.parse_decimal(row.values["cost"]) == Decimal("1234.56")


def test_a_line_break_inside_a_quoted_cell_is_one_cell():
    data = (
        'Maßnahme;Handlungsfeld;Partner\n"Lesepaten";3;"Caritas\nJobcenter"\nZweite;2;\n'.encode()
    )
    table = read(data)
    assert [r.values["title"] for r in table.rows] == ["Lesepaten", "Zweite"]
    assert [r.line for r in table.rows] == [2, 4]
    assert table.unknown == ["Partner"]


def xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_xlsx_with_title_rows_excel_dates_and_numbers():
    data = xlsx(
        [
            ["Maßnahmenplan Integration 2025"],
            ["Stand: Februar"],
            [],
            ["Nr.", "MASSNAHME ", "Handlungsfeld", "Kosten (€)"],
            [1.1, "Elterncafé", 3, 2500.5],
        ]
    )
    table = read(data, "plan.xlsx")
    assert table.header_line == 4
    assert table.rows[0].values == {
        "number": 1.1,
        "title": "Elterncafé",
        "field": 3,
        "cost": 2500.5,
    }


def test_header_missing_a_required_column_names_it():
    with pytest.raises(tabular.TableError, match="fehlen die Spalten: „field“"):
        read(b"Nr;Ma\xdfnahme\n1;a\n")
    with pytest.raises(tabular.TableError, match="keine Kopfzeile"):
        read(b"foo;bar\n1;2\n")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31.12.2025", datetime.date(2025, 12, 31)),
        ("31.12.25", datetime.date(2025, 12, 31)),
        (45657, datetime.date(2024, 12, 31)),
        (datetime.datetime(2025, 1, 2, 0, 0), datetime.date(2025, 1, 2)),
        ("", None),
    ],
)
def test_dates(value, expected):
    assert tabular.parse_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2025", "Ende 2025", "2025"])
def test_not_a_date(value):
    with pytest.raises(ValueError, match="TT.MM.JJJJ"):
        tabular.parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("12.500", "12500"),
        ("12.500 €", "12500"),
        ("0,5", "0.5"),
        (2.5, "2.5"),
    ],
)
def test_german_numbers(value, expected):
    assert tabular.parse_decimal(value) == Decimal(expected)


def test_too_many_csv_rows_are_refused_before_a_cell_is_read(monkeypatch):
    monkeypatch.setattr(tabular, "_table", lambda *a, **k: pytest.fail("cells were read"))
    data = ("Maßnahme;Handlungsfeld\n" + "x;1\n" * 200).encode()
    with pytest.raises(tabular.TableError, match="mehr als 100 Zeilen"):
        read(data)


def test_too_many_xlsx_rows_are_refused_before_a_cell_is_read(monkeypatch):
    data = xlsx([["Maßnahme", "Handlungsfeld"], *([["x", 1]] * 500)])
    monkeypatch.setattr(tabular, "_table", lambda *a, **k: pytest.fail("cells were read"))
    with pytest.raises(tabular.TableError, match="mehr als 100 Zeilen"):
        read(data, "plan.xlsx")


def test_an_xlsx_that_unpacks_too_large_is_refused_without_opening_it(monkeypatch):
    """A small upload that unpacks to a lot (a zip bomb): the zip directory tells."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<row/>" * 1_000_000)
    data = out.getvalue()
    assert len(data) < 100_000
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("opened"))
    with pytest.raises(tabular.TableError, match="entpackt mehr als 1 MB"):
        read(data, "bombe.xlsx")


def test_a_file_too_large_is_refused_and_garbage_gets_a_german_message():
    with pytest.raises(tabular.TableError, match="zu groß"):
        read(b"x" * 2000, max_bytes=1000)
    with pytest.raises(tabular.TableError, match="keine gültige Excel-Datei"):
        read(b"PK\x03\x04kaputt", "plan.xlsx")


def test_a_percent_cell_reads_as_the_percent_it_shows_so_100_percent_is_100():
    import io

    import openpyxl

    from core.tabular import Percent

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Nr", "Fortschritt"])
    for number, value, number_format in (
        ("1.1", 1, "0%"),
        ("1.2", 0.4, "0 %"),
        ("1.3", 0.125, "0.0%"),
        ("1.4", 40, "General"),
    ):
        sheet.append([number, value])
        sheet.cell(row=sheet.max_row, column=2).number_format = number_format
    out = io.BytesIO()
    book.save(out)
    table = tabular.read_table(
        out.getvalue(),
        "plan.xlsx",
        aliases={"Nr": "number", "Fortschritt": "progress"},
        **LIMITS,
    )
    values = [row.values["progress"] for row in table.rows]
    assert values[:3] == [Decimal(100), Decimal(40), Decimal("12.5")]
    assert all(isinstance(v, Percent) for v in values[:3])
    assert values[3] == 40 and not isinstance(values[3], Percent)
