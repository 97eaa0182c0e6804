"""The public transparency page: only what is published, at scale, accessible."""

import datetime
import re

import pytest
from django.urls import reverse

from concept.tests.factories import ActorFactory, action_field
from council.tests.factories import CouncilPaperFactory, adopted_revision, frozen_revision
from measures.tests.factories import MeasureFactory
from participation.services import publication_update
from public.tests.helpers import forget_cached_page

URL = "/beteiligung/oeffentlich/"


@pytest.fixture
def published(coordinator):
    return publication_update(user=coordinator, is_published=True, intro="Einleitung.")


def _page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_page_with_an_adopted_edition_costs_the_same_queries_for_any_size(
    client, published, coordinator, django_assert_num_queries
):
    MeasureFactory.create_batch(3)
    adopted_revision(coordinator)
    client.get(URL)
    forget_cached_page()
    # publication settings, data version (public.cache), adopted edition (its snapshot holds
    # the measures), the live measures (with their last report dates), released documents of
    # the measures shown, public papers
    with django_assert_num_queries(6):
        page = _page(client)
    assert page.count('<tr class="public-measure') == 3
    MeasureFactory.create_batch(40)
    adopted_revision(coordinator, decided_on=datetime.date(2027, 3, 1))
    with django_assert_num_queries(6):
        page = _page(client)
    assert page.count('<tr class="public-measure') == 43
    # cached: the publication switch and the data version
    with django_assert_num_queries(2):
        assert _page(client) == page


def test_edition_page_shows_the_adopted_edition_not_later_changes_or_internals(
    client, published, coordinator
):
    actor = ActorFactory(name="Verein Brücke e. V.", contact_person="Erika Vertraulich")
    measure = MeasureFactory(
        title="Sprachcafé", lead_actor=actor, notes="INTERNE NOTIZ", funding_source="Fonds X"
    )
    MeasureFactory(title="Entwurf ohne Indikator", indicator="")
    adopted_revision(coordinator)
    frozen_revision(coordinator, title="Nicht beschlossene Fassung")
    measure.title = "Später geändert"
    measure.save()
    page = _page(client)
    assert "Sprachcafé" in page and "Verein Brücke e. V." in page
    # a draft the council adopted is shown, marked (issue #21)
    assert "Entwurf ohne Indikator" in page and "noch nicht SMART" in page
    for hidden in (
        "Später geändert",
        "INTERNE NOTIZ",
        "Erika Vertraulich",
        "Fonds X",
        "Nicht beschlossene Fassung",
    ):
        assert hidden not in page


def test_page_lists_only_public_released_papers(client, published):
    CouncilPaperFactory(title="Öffentliche Mitteilung")
    CouncilPaperFactory(title="Geheime Vorlage", is_public=False)
    CouncilPaperFactory(title="Entwurf einer Vorlage", status="draft")
    page = _page(client)
    assert "Öffentliche Mitteilung" in page
    assert "Geheime Vorlage" not in page and "Entwurf einer Vorlage" not in page


def test_long_page_has_a_table_of_contents_and_accessible_tables(client, published):
    for number in (1, 1, 3):
        MeasureFactory(action_field=action_field(number))
    page = _page(client)
    assert page.count("<h1") == 1
    toc = re.search(r'<nav aria-labelledby="toc-heading".*?</nav>', page, re.S).group(0)
    assert 'href="#field-1"' in toc and "(2 Maßnahmen)" in toc
    assert "(1 Maßnahme)" in toc and "(0 Maßnahmen)" in toc
    assert 'href="#papers"' in toc
    for field_id in re.findall(r'href="#(field-\d+)"', toc):
        assert f'id="{field_id}"' in page
    # per field with measures: the status figures and the measures, each with a caption
    tables = page.count('<table class="table table-sm align-middle public-measures">')
    assert tables == 2
    assert page.count("<table") == page.count("<caption>") == 2 * tables
    assert page.count('<th scope="col"') == (7 + 2) * tables
    assert page.count('role="img"') == tables


def test_public_page_has_german_dates_and_percentages(client, published):
    MeasureFactory(deadline=datetime.date(2027, 3, 5), progress=7)
    page = _page(client)
    assert "05.03.2027" in page and "7 %" in page
    assert re.search(r"Veröffentlicht am \d\d\.\d\d\.\d{4}", page)


def test_public_page_is_reachable_without_login_and_has_no_internal_links(client, published):
    page = _page(client)
    assert reverse("participation:publication") not in page
    assert "/admin/" not in page and "abmelden" not in page.lower()


def test_page_queries_do_not_grow_with_papers(client, published, django_assert_num_queries):
    from council.tests.factories import with_fake_pdf

    with_fake_pdf(CouncilPaperFactory())
    client.get(URL)
    forget_cached_page()
    # publication settings, data version, adopted edition (none), measures, action fields,
    # papers (no measure, so no look for documents)
    with django_assert_num_queries(6):
        _page(client)
    for _ in range(8):
        with_fake_pdf(CouncilPaperFactory())
    with django_assert_num_queries(6):
        assert _page(client).count("PDF herunterladen") == 9
