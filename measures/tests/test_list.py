"""The measure list: filters in the URL, sorting, pagination, export of the filtered list."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory, GoalFactory, action_field
from measures.models import MeasureStatus

from .conftest import assert_escaped
from .factories import MeasureFactory

LIST = reverse("measures:list")


def numbers(response):
    return [m.number for m in response.context["table"].page.object_list.data]


def listed(client, query=""):
    response = client.get(LIST + query)
    assert response.status_code == 200
    return {row.record.number for row in response.context["table"].page.object_list}


@pytest.fixture
def measures(db):
    vhs = ActorFactory(name="Volkshochschule")
    awo = ActorFactory(name="AWO")
    goal = GoalFactory(action_field=action_field(2), title="Kinder sprechen Deutsch")
    return {
        "a": MeasureFactory(
            number="1.1",
            title="Sprachcafé",
            lead_actor=vhs,
            start_date=datetime.date(2019, 1, 1),
            deadline=datetime.date(2020, 1, 31),
            status=MeasureStatus.IN_PROGRESS,
        ),
        "b": MeasureFactory(
            number="2.1",
            action_field=action_field(2),
            goal=goal,
            title="Lesepaten",
            target_group="Grundschulkinder",
            lead_actor=awo,
            deadline=datetime.date(2030, 6, 30),
            status=MeasureStatus.PLANNED,
        ),
        "c": MeasureFactory(
            number="2.2",
            action_field=action_field(2),
            title="Hausaufgabenhilfe",
            lead_actor=awo,
            indicator="",
            deadline=datetime.date(2031, 1, 1),
            status=MeasureStatus.DELAYED,
        ),
        "vhs": vhs,
        "awo": awo,
        "goal": goal,
    }


@pytest.mark.django_db
def test_every_filter_narrows_the_list(client, council, measures):
    client.force_login(council)
    measures["c"].partners.add(measures["vhs"])
    assert listed(client) == {"1.1", "2.1", "2.2"}
    assert listed(client, f"?action_field={action_field(2).pk}") == {"2.1", "2.2"}
    assert listed(client, f"?goal={measures['goal'].pk}") == {"2.1"}
    assert listed(client, f"?lead_actor={measures['awo'].pk}") == {"2.1", "2.2"}
    assert listed(client, f"?partner={measures['vhs'].pk}") == {"2.2"}
    assert listed(client, "?status=planned") == {"2.1"}
    assert listed(client, "?deadline_from=01.01.2030&deadline_to=31.12.2030") == {"2.1"}
    assert listed(client, "?overdue=on") == {"1.1"}
    assert listed(client, "?not_smart=on") == {"2.2"}
    assert listed(client, "?q=grundschul") == {"2.1"}
    assert listed(client, "?q=2.2") == {"2.2"}


@pytest.mark.django_db
def test_filter_form_keeps_its_values_and_the_export_links_carry_them(client, council, measures):
    client.force_login(council)
    response = client.get(LIST + "?deadline_from=01.01.2030&q=Lese")
    html = response.content.decode()
    assert 'value="01.01.2030"' in html
    assert 'value="Lese"' in html
    assert "export.xlsx?deadline_from=01.01.2030&amp;q=Lese" in html


@pytest.mark.django_db
def test_a_german_date_that_does_not_exist_is_reported_not_ignored(client, council, measures):
    client.force_login(council)
    response = client.get(LIST + "?deadline_from=31.02.2030")
    assert "Bitte ein gültiges Datum eingeben" in response.content.decode()


@pytest.mark.django_db
def test_columns_sort_and_pages_split(client, council):
    client.force_login(council)
    for n in range(1, 31):
        MeasureFactory(number=f"1.{n}", title=f"Titel {n:02d}")
    response = client.get(LIST)
    assert numbers(response)[:3] == ["1.1", "1.2", "1.3"]  # 1.10 sorts after 1.9
    assert len(numbers(response)) == 25
    assert numbers(client.get(LIST + "?seite=2")) == [f"1.{n}" for n in range(26, 31)]
    assert numbers(client.get(LIST + "?sortierung=-title"))[0] == "1.30"


def _list_queries(client, django_assert_num_queries, count):
    # session, user, COUNT, groups, memberships (nav), filter choices:
    # action fields, goals, actors (lead actor and partner share one), page rows with related
    with django_assert_num_queries(count):
        response = client.get(LIST + "?q=Maß")
    assert response.status_code == 200


@pytest.mark.django_db
def test_list_query_count_is_the_same_for_5_and_50_measures(
    client, council, django_assert_num_queries
):
    client.force_login(council)
    MeasureFactory.create_batch(5, title="Maßnahme")
    _list_queries(client, django_assert_num_queries, 9)
    MeasureFactory.create_batch(45, title="Maßnahme")
    _list_queries(client, django_assert_num_queries, 9)


@pytest.mark.django_db
def test_xss_in_titles_is_escaped_in_the_list(client, council, xss):
    client.force_login(council)
    MeasureFactory(title=xss, description=xss)
    assert_escaped(client.get(LIST).content.decode())


@pytest.mark.django_db
def test_excel_export_opens_and_holds_exactly_the_filtered_measures(client, council, measures):
    client.force_login(council)
    measures["b"].partners.add(measures["vhs"])
    response = client.get(
        reverse("measures:export", args=["xlsx"]) + f"?action_field={action_field(2).pk}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Maßnahmen"
    assert sheet.freeze_panes == "A2"
    rows = list(sheet.values)
    header = rows[0]
    assert header[:4] == ("Nr.", "Titel", "Handlungsfeld", "Ziel")
    assert "Finanzmittel (€)" in header
    by_number = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"2.1", "2.2"}
    assert by_number["2.1"]["Kooperationspartner"] == "Volkshochschule"
    assert by_number["2.1"]["Frist"] == datetime.datetime(2030, 6, 30)  # a date cell
    deadline_column = header.index("Frist") + 1
    assert sheet.cell(row=2, column=deadline_column).number_format == "DD.MM.YYYY"
    assert by_number["2.1"]["Status"] == "geplant"
    # numbers are number cells (German Excel shows 12.500,00 and can add them up)
    assert by_number["2.1"]["Finanzmittel (€)"] == 12500
    assert isinstance(by_number["2.1"]["Finanzmittel (€)"], int | float)
    assert isinstance(by_number["2.1"]["Fortschritt (%)"], int)
    assert by_number["2.2"]["SMART"] == "nein, fehlt: Messbar"


@pytest.mark.django_db
def test_csv_export_holds_the_filtered_measures_with_german_headers(client, council, measures):
    client.force_login(council)
    response = client.get(reverse("measures:export", args=["csv"]) + "?overdue=on")
    assert response.content.startswith("\ufeff".encode())  # Excel then reads UTF-8
    text = response.content.decode("utf-8-sig")
    # German Excel: semicolons between columns, decimal commas
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [r["Nr."] for r in rows] == ["1.1"]
    assert rows[0]["Titel"] == "Sprachcafé"
    assert rows[0]["Finanzmittel (€)"] == "12500,00"
    assert rows[0]["Frist"] == "31.01.2020"


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_neutralise_formulas_and_keep_markup_as_text(client, council, fmt, xss):
    client.force_login(council)
    MeasureFactory(title='=HYPERLINK("http://evil.example","klick")', description=xss)
    MeasureFactory(title="+49 511 123", target_group="@Zielgruppe", description="-1+1")
    response = client.get(reverse("measures:export", args=[fmt]))
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = [str(c) for row in sheet.values for c in row if c is not None]
    else:
        text = response.content.decode("utf-8-sig")
        cells = [c for row in csv.reader(io.StringIO(text), delimiter=";") for c in row]
    assert '\'=HYPERLINK("http://evil.example","klick")' in cells
    assert "'+49 511 123" in cells
    assert "'@Zielgruppe" in cells
    assert "'-1+1" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert xss in cells  # plain text in a file, never interpreted as HTML


@pytest.mark.django_db
def test_export_with_a_mistyped_filter_is_refused_instead_of_exporting_everything(
    client, council, measures
):
    client.force_login(council)
    response = client.get(reverse("measures:export", args=["csv"]) + "?deadline_to=31.13.2030")
    assert response.status_code == 302
    assert response.url == LIST + "?deadline_to=31.13.2030"
    html = client.get(response.url).content.decode()
    assert "Filter enthält ungültige Angaben; bitte in der Liste korrigieren." in html
    assert "exportieren lässt sie sich erst mit einem gültigen Filter" in html
    assert reverse("measures:export", args=["csv"]) not in html


@pytest.mark.django_db
def test_a_reversed_deadline_range_is_named_at_the_field(client, council, measures):
    client.force_login(council)
    response = client.get(LIST + "?deadline_from=01.01.2027&deadline_to=01.01.2026")
    assert response.context["filter"].form.errors["deadline_to"] == [
        "„Frist bis“ liegt vor „Frist ab“: bitte die Daten tauschen."
    ]
    assert response.context["invalid_filter"]


@pytest.mark.django_db
def test_the_sorted_column_announces_its_direction(client, council):
    client.force_login(council)
    MeasureFactory()
    html = client.get(LIST + "?sortierung=-deadline").content.decode()
    assert 'aria-sort="descending"' in html
    assert "sortierung=deadline" in html  # the next click sorts ascending


@pytest.mark.django_db
def test_filter_fields_carry_bootstraps_classes(client, council, measures):
    client.force_login(council)
    html = client.get(LIST).content.decode()
    assert '<select name="lead_actor" class="form-select" id="id_lead_actor">' in html
    assert '<select name="status" class="form-select" id="id_status">' in html
    assert 'name="q" class="form-control"' in html
    assert 'name="overdue" class="form-check-input"' in html


@pytest.mark.django_db
def test_page_links_keep_the_filter_and_say_where_you_are_in_german(client, council):
    client.force_login(council)
    for n in range(1, 31):
        MeasureFactory(number=f"1.{n}", title=f"Sprachkurs {n}")
    html = client.get(LIST + "?q=Sprachkurs&seite=2").content.decode()
    assert '<nav aria-label="Seiten der Maßnahmenliste">' in html
    assert 'href="?q=Sprachkurs&amp;seite=2" aria-current="page">2</a>' in html
    assert 'href="?q=Sprachkurs&amp;seite=1" class="page-link"><span aria-hidden="true">' in html
    assert "zurück" in html
    # sorting keeps the filter too, but starts again on the first page
    assert 'href="?q=Sprachkurs&amp;sortierung=title"' in html


@pytest.mark.django_db
def test_many_pages_show_a_gap_instead_of_every_number(client, council, settings):
    settings.DJANGO_TABLES2_PAGE_RANGE = 4
    client.force_login(council)
    for n in range(1, 160):
        MeasureFactory(number=f"1.{n}")
    html = client.get(LIST + "?seite=1").content.decode()
    assert '<span class="page-link">…</span>' in html
    assert 'href="?seite=7">7</a>' in html  # the last page stays reachable


@pytest.mark.django_db
def test_an_empty_result_says_so_across_all_columns(client, council, measures):
    client.force_login(council)
    html = client.get(LIST + "?q=gibtsnicht").content.decode()
    assert '<tr><td colspan="8">Keine Maßnahmen gefunden.</td></tr>' in html


@pytest.mark.django_db
def test_sort_links_keep_the_filter_but_drop_the_page(client, council):
    client.force_login(council)
    for n in range(1, 31):
        MeasureFactory(number=f"1.{n}")
    html = client.get(LIST + "?sortierung=deadline&seite=2&status=in_progress").content.decode()
    head = html[html.index("<thead>") : html.index("</thead>")]
    sort_links = re.findall(r'href="([^"]+)"', head)
    assert len(sort_links) == 7  # every column but SMART sorts
    assert all("seite=" not in link and "status=in_progress" in link for link in sort_links)
    assert 'href="?sortierung=-deadline&amp;status=in_progress"' in head
    # the page links below the table do keep the order
    assert 'href="?sortierung=deadline&amp;seite=1&amp;status=in_progress"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("order", ["deadline", "-deadline"])
def test_measures_without_a_deadline_come_last_in_both_directions(client, council, order):
    client.force_login(council)
    MeasureFactory(number="1.1", start_date=None, deadline=None)
    MeasureFactory(number="1.2", deadline=datetime.date(2027, 1, 1))
    MeasureFactory(number="1.3", deadline=datetime.date(2028, 1, 1))
    MeasureFactory(number="1.4", start_date=None, deadline=None)
    expected = ["1.2", "1.3"] if order == "deadline" else ["1.3", "1.2"]
    assert numbers(client.get(LIST + f"?sortierung={order}")) == [*expected, "1.1", "1.4"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "sentence"),
    [
        ("?q=Sprachcafé", "1 Maßnahme entspricht dem Filter."),
        ("?action_field={field}", "2 Maßnahmen entsprechen dem Filter."),
        ("", "3 Maßnahmen."),
    ],
)
def test_the_count_sentence_agrees_in_number(client, council, measures, query, sentence):
    client.force_login(council)
    html = client.get(LIST + query.format(field=action_field(2).pk)).content.decode()
    assert sentence in " ".join(html.split())


@pytest.mark.django_db
def test_smart_badge_spells_out_the_missing_letters_for_screen_readers(client, council):
    MeasureFactory(number="4.4", indicator="", deadline=None)
    client.force_login(council)
    html = client.get(LIST).content.decode()
    badge = re.search(r'<span class="badge text-bg-warning"[^>]*>fehlt: .*?</span></span>', html)
    assert badge, html
    assert '<span aria-hidden="true">M T</span>' in badge.group(0)
    assert '<span class="visually-hidden">Messbar, Terminiert</span>' in badge.group(0)
