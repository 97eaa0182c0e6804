"""Issue #21: the public page lists every measure of the adopted edition with today's status,
progress and deadline, marks what changed since the council decided, and counts truthfully;
its cache never serves a page older than the last change."""

import datetime
import re

import pytest
from django.urls import reverse

from council.tests.factories import CouncilPaperFactory, adopted_revision
from measures.document_services import measure_document_set_public
from measures.models import MeasureStatus
from measures.report_services import measure_report_status
from measures.services import measure_delete, measure_update
from measures.tests.factories import MeasureFactory, StatusUpdateFactory, measure_document
from participation.services import publication_update
from public.tests.helpers import forget_cached_page

URL = reverse("public:overview")


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="Willkommen.")


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _row(page: str, number: str) -> str:
    """The table row (card) of measure ``number``."""
    rows = re.findall(r'<tr class="public-measure.*?</tr>', page, re.S)
    (row,) = [r for r in rows if re.search(rf">{re.escape(number)}</td>", r)]
    return row


def test_live_status_and_progress_replace_the_frozen_ones_at_once(client, published, coordinator):
    measure = MeasureFactory(number="3.3", status=MeasureStatus.IN_PROGRESS, progress=95)
    adopted_revision(coordinator, title="Erstfassung")
    assert "in Umsetzung" in _row(_page(client), "3.3")  # the page is in the cache now

    measure_report_status(
        measure=measure, user=coordinator, status=MeasureStatus.DELAYED, progress=60
    )
    row = _row(_page(client), "3.3")
    assert "verzögert" in row and "60 %" in row
    assert "in Umsetzung" not in row and "95 %" not in row
    today = datetime.date.today().strftime("%d.%m.%Y")
    assert f'data-label="Stand vom">{today}</td>' in row


def test_a_measure_without_report_says_so(client, published, coordinator):
    MeasureFactory(number="1.1")
    StatusUpdateFactory(measure=MeasureFactory(number="1.2"), reported_on=datetime.date(2026, 4, 2))
    adopted_revision(coordinator)
    page = _page(client)
    assert "noch kein Sachstand" in _row(page, "1.1")
    assert "02.04.2026" in _row(page, "1.2")
    assert "Stand vom 02.04.2026 (letzter Sachstand)." in page


def test_a_deadline_moved_since_adoption_is_marked(client, published, coordinator):
    measure = MeasureFactory(number="2.1", deadline=datetime.date(2026, 12, 31))
    MeasureFactory(number="2.2", deadline=datetime.date(2026, 12, 31))
    adopted_revision(coordinator)
    measure_update(
        measure=measure, user=coordinator, values={"deadline": datetime.date(2027, 6, 30)}
    )
    page = _page(client)
    moved = _row(page, "2.1")
    assert "30.06.2027" in moved and "Frist geändert: vorher 31.12.2026" in moved
    assert "Frist geändert" not in _row(page, "2.2")


def test_non_smart_measures_of_the_edition_are_listed_and_marked(client, published, coordinator):
    MeasureFactory(number="4.1", title="Entwurf Elterncafé", indicator="")
    MeasureFactory(number="4.2", title="Sprachkurs")
    adopted_revision(coordinator, title="Fassung 2026")
    page = _page(client)
    assert "noch nicht SMART" in _row(page, "4.1")
    assert "noch nicht SMART" not in _row(page, "4.2")
    assert "Diese Seite zeigt alle 2 Maßnahmen der Fassung „Fassung 2026“" in page
    assert "1 Maßnahme ist noch nicht SMART" in page


def test_a_measure_deleted_since_adoption_is_listed_as_such(client, published, coordinator):
    gone = MeasureFactory(number="5.1", title="Patenschaften", progress=30)
    MeasureFactory(number="5.2")
    adopted_revision(coordinator)
    measure_delete(measure=gone, user=coordinator)
    page = _page(client)
    row = _row(page, "5.1")
    assert "Patenschaften" in row and "entfallen: seit dem Beschluss gestrichen" in row
    assert "beim Beschluss: in Umsetzung, 30 %" in row
    assert "1 Maßnahme der Fassung ist seit dem Beschluss entfallen" in page
    assert "Diese Seite zeigt alle 2 Maßnahmen" in page


def test_counts_are_truthful_about_what_the_page_does_not_show(client, published, coordinator):
    MeasureFactory.create_batch(3)
    adopted_revision(coordinator, title="Erstfassung")
    MeasureFactory(title="Nach dem Beschluss angelegt")
    MeasureFactory(title="Entwurf nach dem Beschluss", indicator="")
    page = _page(client)
    assert "Diese Seite zeigt alle 3 Maßnahmen der Fassung „Erstfassung“" in page
    assert "2 weitere Maßnahmen sind seit dem Beschluss hinzugekommen" in page
    assert "Nach dem Beschluss angelegt" not in page
    assert page.count('<tr class="public-measure') == 3


def test_without_an_edition_the_drafts_are_counted_not_shown(client, published):
    MeasureFactory.create_batch(2)
    MeasureFactory(title="Elterncafé ohne Indikator", indicator="")
    page = _page(client)
    assert "Der Rat hat noch keine Fassung beschlossen." in page
    assert "die 2 Maßnahmen des aktuellen Arbeitsstands" in page
    assert "1 weitere Maßnahme ist noch in Arbeit" in page
    assert "Elterncafé ohne Indikator" not in page


def test_an_overdue_open_measure_is_marked(client, published, coordinator):
    MeasureFactory(
        number="6.1", start_date=None, deadline=datetime.date(2020, 6, 30), status="in_progress"
    )
    MeasureFactory(
        number="6.2", start_date=None, deadline=datetime.date(2020, 6, 30), status="completed"
    )
    adopted_revision(coordinator)
    page = _page(client)
    assert "Frist überschritten" in _row(page, "6.1")
    assert "Frist überschritten" not in _row(page, "6.2")
    assert "1 Maßnahme hat ihre Frist überschritten." in page


def test_each_field_has_a_status_chart_with_the_same_numbers_as_a_table(
    client, published, coordinator
):
    MeasureFactory(number="1.1", status=MeasureStatus.DELAYED)
    MeasureFactory(number="1.2", status=MeasureStatus.DELAYED)
    MeasureFactory(number="1.3", status=MeasureStatus.COMPLETED, progress=100)
    adopted_revision(coordinator)
    page = _page(client)
    section = re.search(r'<section aria-labelledby="field-1".*?</section>', page, re.S).group(0)
    chart = re.search(r"<svg.*?</svg>", section, re.S).group(0)
    assert 'role="img"' in chart and "<title>Maßnahmen je Status im Handlungsfeld" in chart
    assert 'style="' not in chart  # the CSP forbids inline styles
    assert chart.count("<rect") == len(MeasureStatus)
    figures = dict(re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', section))
    assert figures == {
        "geplant": "0",
        "in Umsetzung": "0",
        "abgeschlossen": "1",
        "verzögert": "2",
        "abgebrochen": "0",
    }


def test_older_snapshots_without_ids_find_their_measure_by_number(client, published, coordinator):
    measure = MeasureFactory(number="7.1", progress=10)
    revision = adopted_revision(coordinator)
    for m in revision.snapshot["measures"]:
        del m["id"]
    revision.save()
    measure_report_status(measure=measure, user=coordinator, status="in_progress", progress=70)
    row = _row(_page(client), "7.1")
    assert "70 %" in row and "entfallen" not in row


def test_the_cache_follows_every_change_the_page_shows(client, published, coordinator):
    measure = MeasureFactory(number="1.1", title="Sprachcafé")
    adopted_revision(coordinator)
    assert "Willkommen." in _page(client)
    publication_update(user=coordinator, is_published=True, intro="Neue Einleitung.")
    assert "Neue Einleitung." in _page(client)
    measure_update(measure=measure, user=coordinator, values={"progress": 77})
    assert "77 %" in _row(_page(client), "1.1")
    adopted_revision(coordinator, title="Zweite Fassung", decided_on=datetime.date(2027, 3, 1))
    assert "Stand: Zweite Fassung, vom Rat beschlossen am 01.03.2027" in _page(client)
    document = measure_document(measure, user=coordinator, name="Flyer.pdf")
    assert "Flyer.pdf" not in _page(client)
    measure_document_set_public(document=document, user=coordinator, public=True)
    assert "Flyer.pdf" in _page(client)
    CouncilPaperFactory(title="Sachstandsbericht 2027")
    assert "Sachstandsbericht 2027" in _page(client)
    measure.lead_actor.name = "Neuer Vereinsname e. V."
    measure.lead_actor.save()
    assert "Neuer Vereinsname" not in _page(client)  # the edition's name stays: adopted


def test_live_rows_cost_one_query_for_any_number_of_measures_and_reports(
    client, published, coordinator, django_assert_num_queries
):
    for measure in MeasureFactory.create_batch(3):
        StatusUpdateFactory.create_batch(2, measure=measure)
    adopted_revision(coordinator)
    client.get(URL)
    forget_cached_page()
    # publication settings, data version, adopted edition, live measures with their last
    # report date, released documents, public papers
    with django_assert_num_queries(6):
        _page(client)
    for measure in MeasureFactory.create_batch(30):
        StatusUpdateFactory.create_batch(3, measure=measure)
    adopted_revision(coordinator, decided_on=datetime.date(2027, 3, 1))
    with django_assert_num_queries(6):
        page = _page(client)
    assert page.count('<tr class="public-measure') == 33
    assert page.count("noch kein Sachstand") == 0
